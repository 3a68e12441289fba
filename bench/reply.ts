/**
 * Reply benchmark: players talking to agents through real SDK clients, against a server in this
 * process (embedded database, offline provider unless LLM_MODE says otherwise). Measures the time from a
 * `say` to the first `chat` chunk of the answer and to its final line.
 *
 *   npm run bench:reply -- --clients 20 --agents 8 --lines 10 --json
 */
import { Client, type Room } from "@colyseus/sdk";
import os from "node:os";
import { z } from "zod";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { startGameServer } from "../src/server.ts";
import { OptionsError, parseCliOptions } from "./support/cli-options.ts";
import { distributionOf } from "./support/stats.ts";
import { plazaWorld } from "./reply/plaza-world.ts";

const USAGE = `Usage: npm run bench:reply -- [--clients N] [--agents N] [--lines N] [--pause-ms MS] [--json]

N players (SDK clients) stand among the agents of a small plaza and each say --lines lines to the
agent nearest them, each line --pause-ms after the previous answer (a player reading it); prints the
time to the first streamed chunk and to the final line. Set DATABASE_URL to measure on a real
Postgres (an empty database), LLM_MODE and OPENAI_* to measure a model.`;

/** With the offline provider, a reply should reach the player within this time (p95 from `say` to the final line). */
const TARGET_FINAL_P95_MS = 200;

const Options = z.object({
  clients: z.coerce.number().int().min(1).max(500).default(20),
  agents: z.coerce.number().int().min(1).max(200).default(8),
  lines: z.coerce.number().int().min(1).max(1000).default(10),
  "pause-ms": z.coerce.number().int().min(0).max(60_000).default(1000),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

const LINES = ["Good morning!", "How much are the apples?", "Any news today?", "What do you sell?", "Lovely weather, isn't it?"];

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), Options, USAGE);
  if (options.help) return void process.stdout.write(`${USAGE}\n`);
  const world = await plazaWorld(options.agents);
  const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: "memory://", WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "plaza", LOG_LEVEL: "warn", RATE_LIMIT_PER_SECOND: "1000", GUEST_JOINS_PER_HOUR: "1000000" });
  const server = await startGameServer(config, createLogger(config.LOG_LEVEL));
  try {
    const url = `http://127.0.0.1:${server.port}`;
    const rooms: Room[] = [];
    for (let i = 0; i < options.clients; i++) rooms.push(await new Client(url).joinOrCreate("world", { name: `Player ${i + 1}` }));
    process.stderr.write(`bench:reply: ${rooms.length} players joined, ${options.agents} agents, ${config.LLM_MODE === "auto" ? "offline unless a key is set" : config.LLM_MODE}\n`);
    const firstChunk: number[] = [];
    const final: number[] = [];
    const started = performance.now();
    await Promise.all(rooms.map((room, index) => talk(room, index, options, firstChunk, final)));
    const wallSeconds = (performance.now() - started) / 1000;
    await Promise.all(rooms.map((room) => room.leave()));
    const finalMs = distributionOf(final);
    const result = {
      clients: options.clients,
      agents: options.agents,
      pauseMs: options["pause-ms"],
      lines: final.length,
      llm: config.LLM_MODE,
      firstChunkMs: distributionOf(firstChunk),
      finalMs,
      linesPerSecond: Math.round((final.length / wallSeconds) * 10) / 10,
      target: { finalP95Ms: TARGET_FINAL_P95_MS, met: finalMs.p95 < TARGET_FINAL_P95_MS },
      node: process.version,
      cpus: os.cpus().length,
    };
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await server.shutdown();
    await world.cleanup();
  }
}

/** One player's lines, each sent when the previous answer is complete. */
async function talk(room: Room, index: number, options: { lines: number; "pause-ms": number; clients: number }, firstChunk: number[], final: number[]): Promise<void> {
  // Players start apart, as they would, rather than all in the same millisecond.
  await new Promise((resolve) => setTimeout(resolve, (options["pause-ms"] * index) / options.clients));
  for (let line = 0; line < options.lines; line++) {
    if (line > 0) await new Promise((resolve) => setTimeout(resolve, options["pause-ms"]));
    const sentAt = performance.now();
    let conversationId: string | undefined;
    let gotChunk = false;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`player ${index + 1} got no answer within 30 s`)), 30_000);
      const stopSaid = room.onMessage("said", (said: { conversationId?: string }) => (conversationId = said.conversationId));
      const stopChat = room.onMessage("chat", (chat: { conversationId: string; partial: boolean; speakerId: string }) => {
        if (chat.speakerId === room.sessionId) return;
        if (chat.partial && !gotChunk) {
          gotChunk = true;
          firstChunk.push(performance.now() - sentAt);
        }
        if (!chat.partial && chat.conversationId === conversationId) {
          final.push(performance.now() - sentAt);
          clearTimeout(timer);
          stopSaid();
          stopChat();
          resolve();
        }
      });
      room.send("say", { text: LINES[(index + line) % LINES.length]! });
    });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:reply: ${error instanceof OptionsError ? error.message : (error as Error).stack}\n`);
  process.exitCode = error instanceof OptionsError ? 2 : 1;
});
