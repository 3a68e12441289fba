import { randomBytes, randomInt } from "node:crypto";

/**
 * The real services these tests need. They are never skipped: without them the suite fails and
 * says how to start them.
 */
export function requireServices(): { redisUrl: string; databaseUrl: string } {
  const redisUrl = process.env.TEST_REDIS_URL;
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!redisUrl || !databaseUrl) {
    throw new Error("npm run test:redis needs TEST_REDIS_URL and TEST_DATABASE_URL: run `bash scripts/services/setup.sh && source scripts/services/env.sh` first");
  }
  return { redisUrl, databaseUrl };
}

/**
 * A Redis database number of its own (1-15) and a suffix for names, so runs sharing the Redis server
 * (other suites, other developers) do not see each other's rooms or jobs.
 */
export function isolatedRedis(baseUrl: string): { url: string; suffix: string } {
  const url = new URL(baseUrl);
  url.pathname = `/${randomInt(1, 16)}`;
  return { url: url.toString(), suffix: randomBytes(3).toString("hex") };
}

/** Deletes this run's keys (e.g. a test queue's `bull:<name>:*`) so the shared Redis does not collect them. */
export async function deleteKeys(url: string, pattern: string): Promise<void> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(url);
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 500 }) as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
