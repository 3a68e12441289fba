import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Redis-backed scale-out tests run with `npm run test:redis` (vitest.redis.config.ts).
    exclude: [...configDefaults.exclude, "test/redis/**"],
    setupFiles: ["./test/support/setup.ts"],
    // PGlite takes a few seconds to boot and servers bind real ports.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
