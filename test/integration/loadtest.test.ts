import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plazaWorld } from "../../bench/reply/plaza-world.ts";
import type { LoadSummary } from "../../bench/loadtest/summary.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { runNpmScript } from "../support/run-cli.ts";

/** The load tool as an operator runs it, against a real server: a few clients for a few seconds. */
describe("npm run loadtest", () => {
  let server: RunningServer;
  let world: Awaited<ReturnType<typeof plazaWorld>>;

  beforeAll(async () => {
    // Agents stand three tiles around the spawn, so clients that talk reach one at once.
    world = await plazaWorld(3);
    server = await startTestServer({ WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "plaza" });
  });
  afterAll(async () => {
    await server?.stop();
    await world?.cleanup();
  });

  it("joins every client, measures round trips, patches and NPC replies, and reports the server's CPU and memory", async () => {
    const run = await runNpmScript("loadtest", ["--url", server.wsUrl, "--clients", "4", "--duration", "4", "--ramp", "1", "--chat-rate", "2", "--spread", "2", "--json"], {});
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as LoadSummary;
    expect(summary.joins).toMatchObject({ ok: 4, failed: 0 });
    expect(summary.connectedAtEnd).toBe(4);
    expect(summary.rttMs.samples).toBeGreaterThan(0);
    expect(summary.rttMs.p99).toBeGreaterThan(0);
    expect(summary.perClient.patchesPerSecond).toBeGreaterThan(0);
    expect(summary.perClient.bytesInPerSecond).toBeGreaterThan(0);
    expect(summary.perClient.messagesOutPerSecond).toBeGreaterThan(5);
    expect(summary.replies.answered).toBeGreaterThan(0);
    expect(summary.replies.finalMs.p50).toBeGreaterThanOrEqual(summary.replies.firstChunkMs.p50);
    expect(summary.server).toMatchObject({ cpuCores: { mean: expect.any(Number) }, rssMb: { max: expect.any(Number) } });
    expect(summary.disconnects).toEqual({});
    expect(summary.passed).toBe(true);
    // Progress lines on stderr while it runs.
    expect(run.stderr).toMatch(/connected \d+, errors \d+, \d+ msg\/s, RTT p99/);
  });

  it("fails with exit code 1 and says why when the joins fail", async () => {
    const run = await runNpmScript("loadtest", ["--url", server.wsUrl, "--clients", "2", "--duration", "1", "--world", "atlantis", "--json"], {});
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as LoadSummary;
    expect(summary.joins).toMatchObject({ ok: 0, failed: 2 });
    expect(summary.passed).toBe(false);
    expect(summary.failures[0]).toContain("atlantis");
    expect(run.stderr).toContain("FAILED");
  });

  it("fails fast with exit code 1 and names the address when nothing listens there", async () => {
    const run = await runNpmScript("loadtest", ["--url", "ws://127.0.0.1:9", "--clients", "1", "--duration", "1"], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("cannot reach the server at ws://127.0.0.1:9");
    expect(run.stderr).toContain("--url");
  });

  it("refuses invalid options with exit code 2, naming each option", async () => {
    const run = await runNpmScript("loadtest", ["--url", "localhost:2567", "--clients", "0", "--duration", "5", "--ramp", "9"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--url: must be a ws://");
    expect(run.stderr).toContain("--clients");
    expect(run.stderr).toContain("--ramp must be shorter than --duration");
  });
});
