import "./websocket-polyfill.ts";
import type { AddressInfo } from "node:net";
import { matchMaker, Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { openDatabase, type Database } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { WORLD_ROOM, worldRoomWith } from "../rooms/world-room.ts";
import type { Config } from "./config.ts";
import { seedMissingWorlds } from "./content/seed-worlds.ts";
import { healthHandler } from "./http/health.ts";
import type { Logger } from "./log.ts";

export interface GameServer {
  server: Server;
  db: Database;
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** Stops accepting players, disconnects rooms and closes the database. */
  shutdown(): Promise<void>;
}

/** Boots everything a game server needs: database, migrations, seed worlds, rooms and HTTP routes. */
export async function startGameServer(config: Config, log: Logger): Promise<GameServer> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolMax: config.DB_POOL_MAX });
  try {
    const { applied } = await migrate(db.pool, undefined, (line) => log.info({ migration: line }, "migration applied"));
    log.info({ database: db.kind, applied: applied.length }, "database ready");
    if (config.SEED_WORLDS) {
      for (const report of await seedMissingWorlds(db.pool, config.worldsDir)) {
        log.info({ world: report.worldId, agents: report.agents, warnings: report.issues.length }, "world seeded from files");
      }
    }
  } catch (error) {
    await db.close();
    throw error;
  }

  const transport = new WebSocketTransport();
  const server = new Server({
    transport,
    greet: false,
    // main.ts owns signals so it can flush and close the database in order.
    gracefullyShutdown: false,
    express: (app) => {
      app.get(
        "/health",
        healthHandler({ pool: db.pool, database: db.kind, llm: config.llmKind, countRooms: () => matchMaker.stats.local.roomCount }),
      );
    },
  });
  server.define(WORLD_ROOM, worldRoomWith({ pool: db.pool, defaultWorldId: config.DEFAULT_WORLD, log })).filterBy(["world"]);
  await server.listen(config.PORT, config.HOST);
  const port = (transport.server!.address() as AddressInfo).port;
  log.info({ port, database: db.kind, llm: config.llmKind }, `Living World listening on ws://localhost:${port}`);

  let stopping: Promise<void> | undefined;
  return {
    server,
    db,
    port,
    shutdown() {
      stopping ??= (async () => {
        await server.gracefullyShutdown(false);
        await db.close();
      })();
      return stopping;
    },
  };
}
