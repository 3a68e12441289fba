import { defineConfig } from "vitest/config";

// The browser suite: the built inspector page in Debian's Chromium (npm run test:inspector builds the page first).
export default defineConfig({
  test: {
    include: ["test/inspector/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    pool: "forks",
  },
});
