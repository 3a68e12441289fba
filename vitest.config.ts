import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    // PGlite takes a few seconds to boot and servers bind real ports.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
