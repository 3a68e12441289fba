import type { ServerOptions } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";

/**
 * Colyseus options that let several processes share matchmaking: presence (pub/sub between processes)
 * and the room listing live in Redis, and each process tells clients where to reach its rooms.
 * Without a Redis URL the defaults stay: local presence and an in-memory listing, one process.
 */
export function matchmakingOptions(redisUrl: string | undefined, publicAddress: string | undefined): Pick<ServerOptions, "presence" | "driver" | "publicAddress"> {
  if (!redisUrl) return {};
  return { presence: new RedisPresence(redisUrl), driver: new RedisDriver(redisUrl), ...(publicAddress ? { publicAddress } : {}) };
}
