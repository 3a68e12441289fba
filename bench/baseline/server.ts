/**
 * The minimal baseline server (see baseline-room.ts) for the load benchmark: a Colyseus server with one
 * "world" room type and Prometheus process metrics on GET /metrics, like the game server's.
 *
 *   PORT=2570 npm run bench:baseline-server
 */
import "../../src/websocket-polyfill.ts";
import { Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import client from "prom-client";
import { z } from "zod";
import { BaselineRoom } from "./baseline-room.ts";

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(2570),
  HOST: z.string().min(1).default("127.0.0.1"),
  MAP_SIZE: z.coerce.number().int().min(10).max(10_000).default(200),
  INTEREST_RADIUS: z.coerce.number().min(2).max(500).default(16),
  PATCH_RATE_HZ: z.coerce.number().int().min(1).max(60).default(20),
});

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`baseline server: invalid environment:\n${parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n")}`);
  }
  const env = parsed.data;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "lw_" });
  const server = new Server({
    transport: new WebSocketTransport(),
    greet: false,
    gracefullyShutdown: false,
    express: (app) => {
      app.get("/metrics", async (_request, response) => {
        response.type(registry.contentType).send(await registry.metrics());
      });
    },
  });
  server.define("world", BaselineRoom, { mapSize: env.MAP_SIZE, interestRadius: env.INTEREST_RADIUS, patchRateHz: env.PATCH_RATE_HZ });
  await server.listen(env.PORT, env.HOST);
  process.stdout.write(`baseline server listening on ws://${env.HOST}:${env.PORT}\n`);
  const stop = () => void server.gracefullyShutdown(false).finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
