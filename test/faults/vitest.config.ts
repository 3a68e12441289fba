import { defineConfig } from "vitest/config";

// The fault suite: real server processes, a private PostgreSQL it may stop, one file at a time.
export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: "forks",
  },
});
