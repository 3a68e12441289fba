import { defineConfig } from "vitest/config";

/**
 * `npm run test:production`: the Docker image and compose stack, assembled without Docker (there is no Docker
 * engine on CI's machines) and run against a real Postgres (TEST_DATABASE_URL) and Redis (TEST_REDIS_URL).
 */
export default defineConfig({
  test: {
    include: ["test/production/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 90_000,
    // Assembling the image installs its dependencies twice, as `docker build` does.
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
  },
});
