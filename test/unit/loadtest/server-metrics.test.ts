import { describe, expect, it } from "vitest";
import { metricsUrlOf, parseProcessMetrics } from "../../../bench/loadtest/server-metrics.ts";

describe("reading the server's CPU and memory from /metrics", () => {
  it("finds /metrics on the same host and port as the WebSocket URL", () => {
    expect(metricsUrlOf("ws://127.0.0.1:2567")).toBe("http://127.0.0.1:2567/metrics");
    expect(metricsUrlOf("wss://game.example.com")).toBe("https://game.example.com/metrics");
    expect(metricsUrlOf("http://localhost:2567/")).toBe("http://localhost:2567/metrics");
  });

  it("reads prom-client's process metrics with or without a prefix, and nothing from other text", () => {
    const text = ["# HELP lw_process_cpu_seconds_total Total user and system CPU time", "lw_process_cpu_seconds_total 12.5", "lw_process_cpu_user_seconds_total 10", "lw_process_resident_memory_bytes 104857600"].join("\n");
    expect(parseProcessMetrics(text)).toEqual({ cpuSeconds: 12.5, rssBytes: 104857600 });
    expect(parseProcessMetrics("process_cpu_seconds_total 1\nprocess_resident_memory_bytes 2e+6")).toEqual({ cpuSeconds: 1, rssBytes: 2e6 });
    expect(parseProcessMetrics("<html>not metrics</html>")).toBeUndefined();
  });
});
