import { defineConfig } from "vitest/config";

// The repository's top level is fixed, so this lives in test/redis/.
/** `npm run test:redis`: scale-out tests against a real Redis (TEST_REDIS_URL) and Postgres (TEST_DATABASE_URL). */
export default defineConfig({
  test: {
    include: ["test/redis/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Each file starts several server and worker processes: one file at a time on a 2-core machine.
    fileParallelism: false,
  },
});
