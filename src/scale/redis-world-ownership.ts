import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "../log.ts";
import type { WorldOwnership } from "./world-ownership.ts";

const KEY_PREFIX = "living-world:world-owner:";
// Extends our own claim; re-takes it if the key vanished (Redis restarted empty) since nobody else holds it then.
const RENEW = `local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] or not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * World claims shared by every game server process through Redis: a key per world set with NX and an
 * expiry (`ttlMs`), renewed by its holder every quarter of it. A process that dies, however it dies,
 * stops renewing, so its worlds can be opened elsewhere once the key expires. A holder that could not
 * renew for three quarters of the expiry (cut off from Redis) gives its worlds up before another
 * process can take them, leaving the last quarter for its rooms to flush.
 */
export function redisWorldOwnership(redisUrl: string, ttlMs: number, log: Logger): WorldOwnership {
  const renewEveryMs = Math.floor(ttlMs / 4);
  // A silent Redis must not stall rooms or shutdown; half a period leaves every renewal tick free to try
  // again, and a second at least keeps a busy event loop from timing out answers that did arrive.
  const redis = new Redis(redisUrl, { commandTimeout: Math.max(1_000, Math.floor(renewEveryMs / 2)) });
  redis.on("error", (error: Error) => log.warn({ err: error.message }, "world ownership: Redis connection error"));

  return {
    async claim(worldId, lost) {
      const key = KEY_PREFIX + worldId;
      const token = randomUUID();
      let confirmedAt = Date.now();
      if ((await redis.set(key, token, "PX", ttlMs, "NX")) !== "OK") return undefined;
      let inFlight = false;
      let active = true;
      const stopRenewing = (lostBecause?: string) => {
        if (!active) return;
        active = false;
        clearInterval(timer);
        if (lostBecause) lost(lostBecause);
      };
      const timer = setInterval(() => {
        const unconfirmedMs = Date.now() - confirmedAt;
        if (unconfirmedMs > ttlMs - renewEveryMs) return stopRenewing(`its claim could not be renewed in Redis for ${unconfirmedMs} ms`);
        if (inFlight) return;
        inFlight = true;
        const sentAt = Date.now();
        redis
          .eval(RENEW, 1, key, token, ttlMs)
          .then((kept) => (kept === 1 ? (confirmedAt = sentAt) : stopRenewing("another process holds its claim")))
          .catch((error: Error) => log.warn({ world: worldId, err: error.message }, "world ownership: renewal failed; retrying"))
          .finally(() => (inFlight = false));
      }, renewEveryMs);
      timer.unref();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          stopRenewing();
          // Deletes the key only while it is still ours.
          await redis.eval(RELEASE, 1, key, token).catch((error: Error) => log.warn({ world: worldId, err: error.message }, "world ownership: release failed; the claim expires by itself"));
        },
      };
    },
    async isClaimed(worldId) {
      return (await redis.exists(KEY_PREFIX + worldId)) === 1;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
