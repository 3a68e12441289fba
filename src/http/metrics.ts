import client from "prom-client";
import type pg from "pg";
import type { Metrics } from "../shared-kernel/metrics.ts";

/** Bounds of the tick histogram's buckets: up to a second, so a stalled world still has a p99 to report. */
export const TICK_BUCKETS_SECONDS = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024];

/** Every metric the server exports on GET /metrics, in one registry per server (no module globals); the rooms record through the kernel's Metrics. */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "lw_" });
  const metrics = {
    registry,
    tickDuration: new client.Histogram({
      name: "lw_tick_duration_seconds",
      help: "Time one world tick takes (inputs, simulation, state sync)",
      labelNames: ["world"],
      buckets: TICK_BUCKETS_SECONDS,
      registers: [registry],
    }),
    patchDuration: new client.Histogram({
      name: "lw_patch_duration_seconds",
      help: "Time to update the interest views, then encode and send one state patch to every client (a large share of a busy room's CPU)",
      labelNames: ["world"],
      buckets: [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064],
      registers: [registry],
    }),
    clients: new client.Gauge({ name: "lw_clients", help: "Connected clients", labelNames: ["world"], registers: [registry] }),
    agents: new client.Gauge({ name: "lw_agents", help: "Agents live in rooms", labelNames: ["world"], registers: [registry] }),
    messagesIn: new client.Counter({ name: "lw_messages_in_total", help: "Messages received from clients, by type", labelNames: ["type"], registers: [registry] }),
    messagesOut: new client.Counter({ name: "lw_messages_out_total", help: "Messages sent to clients, by type", labelNames: ["type"], registers: [registry] }),
    messagesRejected: new client.Counter({ name: "lw_messages_rejected_total", help: "Client messages refused, by reason", labelNames: ["reason"], registers: [registry] }),
    flushDuration: new client.Histogram({
      name: "lw_flush_duration_seconds",
      help: "Time one write-behind flush takes",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
    flushFailures: new client.Counter({ name: "lw_flush_failures_total", help: "Write-behind flushes that failed and were queued again", registers: [registry] }),
    flushQueueDepth: new client.Gauge({ name: "lw_flush_queue_depth", help: "Records waiting to be written", labelNames: ["world"], registers: [registry] }),
    llmCalls: new client.Counter({
      name: "lw_llm_calls_total",
      help: "LLM calls by purpose, provider and outcome (fallback/rejected: the offline mind answered)",
      labelNames: ["purpose", "provider", "status"],
      registers: [registry],
    }),
    llmTokens: new client.Counter({ name: "lw_llm_tokens_total", help: "LLM tokens by direction (in = prompt, out = answer)", labelNames: ["direction", "provider"], registers: [registry] }),
    llmCost: new client.Counter({ name: "lw_llm_cost_usd_total", help: "Estimated LLM cost in USD from the model price table", labelNames: ["provider"], registers: [registry] }),
    llmLatency: new client.Histogram({
      name: "lw_llm_latency_seconds",
      help: "LLM call latency",
      labelNames: ["purpose"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    policyViolations: new client.Counter({ name: "lw_policy_violations_total", help: "NPC lines the content policy replaced, by rule", labelNames: ["world", "rule"], registers: [registry] }),
    replyFirstChunk: new client.Histogram({
      name: "lw_reply_first_chunk_seconds",
      help: "From a player's line to the first chunk of the agent's reply",
      labelNames: ["world"],
      buckets: [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
      registers: [registry],
    }),
  };
  return metrics satisfies Metrics;
}

export type PromMetrics = ReturnType<typeof createMetrics>;

/** Pool usage is read when scraped, so it costs nothing between scrapes. */
export function registerPoolMetrics(metrics: PromMetrics, pool: pg.Pool): void {
  new client.Gauge({
    name: "lw_db_pool_connections",
    help: "Database pool connections by state",
    labelNames: ["state"],
    registers: [metrics.registry],
    collect() {
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
}
