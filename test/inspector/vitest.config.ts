import { defineConfig } from "vitest/config";

// The browser suite: the built inspector page in Debian's Chromium (npm run test:inspector builds the page first).
export default defineConfig({
  test: {
    include: ["test/inspector/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // A page waits on a browser, a server and a WebSocket at once: on a busy 2-core machine the first
    // connect alone can take seconds, past expect.poll's default of 1 s. Polls wait on conditions.
    expect: { poll: { timeout: 15_000 } },
    fileParallelism: false,
    pool: "forks",
  },
});
