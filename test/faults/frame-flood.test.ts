import { Client, Protocol, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForState } from "../support/room-state.ts";
import { startServerProcess, type ServerProcess } from "../support/server-process.ts";
import { faultDatabase } from "./support/fault-database.ts";
import { recordAttack } from "./support/ledger.ts";
import { counterSum } from "./support/prometheus.ts";

const SUITE = "frames below the message handlers";
// The attack as reported: it ran for 5 s; the server must have closed the attacker well before.
const ATTACK_MS = 5_000;
const CLOSE_WITHIN_MS = 2_000;
const WITNESS_RTT_P99_MS = 100;
const FRAMES_PER_BURST = 100;
// The witness pings like a game client showing its latency, well within the frame budget (60 a second).
const WITNESS_PING_EVERY_MS = 25;
const SETTLED_RTT_MS = 25;

/** A raw protocol PING, a ROOM_REQUEST of a type nobody handles, and bytes that are no protocol at all. */
function hostileFrames(): Uint8Array[] {
  const unknownType = new TextEncoder().encode("no_such_request");
  return [
    Uint8Array.from([Protocol.PING]),
    Uint8Array.from([Protocol.ROOM_REQUEST, 7, 0xa0 | unknownType.length, ...unknownType]),
    Uint8Array.from([0x1f, 0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]),
  ];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function ping(room: Room, timeoutMs = 10_000): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to a ping within ${timeoutMs} ms`)), timeoutMs);
    room.ping((ms) => {
      clearTimeout(timer);
      resolve(ms);
    });
  });
}

/** Waits until the new room's start-up work (first plans, first writes) no longer delays a ping. */
async function settled(room: Room, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let quick = 0; quick < 3; quick = (await ping(room)) < SETTLED_RTT_MS ? quick + 1 : 0) {
    if (performance.now() > deadline) throw new Error(`the room never answered 3 pings in a row within ${SETTLED_RTT_MS} ms`);
  }
}

describe(SUITE, () => {
  let server: ServerProcess | undefined;
  let database: Awaited<ReturnType<typeof faultDatabase>>;

  beforeAll(async () => {
    database = await faultDatabase("lw_frame_flood");
    server = await startServerProcess({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    await database?.drop();
  });

  it("a client looping raw PING frames, unknown ROOM_REQUEST types and garbage bytes is closed with 4429 within 2 s while a witness keeps its RTT", async () => {
    const client = new Client(server!.httpUrl);
    const witness = await client.joinOrCreate("world", { name: "Witness" });
    const attacker = await client.joinOrCreate("world", { name: "Attacker" });
    await waitForState(witness, (state: any) => state.players.size === 2);
    const rejectedBefore = counterSum(await (await fetch(`${server!.httpUrl}/metrics`)).text(), "lw_messages_rejected_total", { reason: "too_many_frames" });

    await settled(witness);
    const started = performance.now();
    let closed: { code: number; afterMs: number } | undefined;
    attacker.onLeave((code: number) => (closed = { code, afterMs: performance.now() - started }));
    let framesSent = 0;
    const flood = (async () => {
      const frames = hostileFrames();
      while (!closed && performance.now() - started < ATTACK_MS) {
        for (let i = 0; i < FRAMES_PER_BURST && !closed; i++) attacker.connection.send(frames[framesSent++ % frames.length]!);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    // As in the report, the witness pings throughout the attack's 5 s, whether or not the attacker was cut off.
    const rtts: number[] = [];
    while (performance.now() - started < ATTACK_MS) {
      const sent = performance.now();
      rtts.push(await ping(witness));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, WITNESS_PING_EVERY_MS - (performance.now() - sent))));
    }
    await flood;

    const p99 = percentile(rtts, 99);
    expect(closed, `the attacker was still connected after ${ATTACK_MS} ms of flooding`).toBeDefined();
    expect(closed!.code).toBe(4429);
    expect(closed!.afterMs).toBeLessThan(CLOSE_WITHIN_MS);
    expect(p99).toBeLessThan(WITNESS_RTT_P99_MS);
    const rejectedAfter = counterSum(await (await fetch(`${server!.httpUrl}/metrics`)).text(), "lw_messages_rejected_total", { reason: "too_many_frames" });
    expect(rejectedAfter).toBeGreaterThan(rejectedBefore);
    await witness.leave();

    recordAttack(
      SUITE,
      "raw PING, unknown ROOM_REQUEST and garbage frames in a loop for up to 5 s, a witness pinging throughout",
      `attacker closed with ${closed!.code} after ${Math.round(closed!.afterMs)} ms (${framesSent} frames written, ${rejectedAfter - rejectedBefore} refused); witness RTT p99 ${p99} ms over ${rtts.length} pings`,
      framesSent,
    );
  });
});
