import { Client } from "@colyseus/sdk";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { startGameServer, type GameServer } from "../../src/server.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export interface RunningServer {
  game: GameServer;
  httpUrl: string;
  wsUrl: string;
  testDb: TestDatabase;
  client(): Client;
  stop(): Promise<void>;
}

/** A real game server on a free port, on the suite's backend (PGlite in memory, or a fresh Postgres database). */
export async function startTestServer(env: Record<string, string> = {}, database?: TestDatabase): Promise<RunningServer> {
  const testDb = database ?? (await createTestDatabase());
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: testDb.dataDir ?? "memory://",
    LOG_LEVEL: "warn",
    // Suites join many guests from one address; the test of the limit sets its own.
    GUEST_JOINS_PER_HOUR: "100000",
    ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
    ...env,
  });
  const game = await startGameServer(config, createLogger(config.LOG_LEVEL));
  const httpUrl = `http://127.0.0.1:${game.port}`;
  return {
    game,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${game.port}`,
    testDb,
    client: () => new Client(httpUrl),
    async stop() {
      await game.shutdown();
      // A database handed in by the caller outlives this server (restart tests); the caller disposes it.
      if (!database) await testDb.dispose();
    },
  };
}
