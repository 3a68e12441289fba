import { configDefaults, defineConfig } from "vitest/config";

// The repository's top level is fixed, so this lives in test/; every script passes --config.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Suites that need real services, processes or a browser run on their own (npm run test:faults, test:redis,
    // test:production, test:inspector).
    exclude: [...configDefaults.exclude, "test/faults/**", "test/redis/**", "test/production/**", "test/inspector/**"],
    setupFiles: ["./test/support/setup.ts"],
    // PGlite takes a few seconds to boot and servers bind real ports.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two files at a time even on 2 cores (Vitest's default there is one): most of a file's time is spent waiting
    // on servers, processes and the database, and the suite's waits are on conditions, not on fixed times.
    maxWorkers: 2,
  },
});
