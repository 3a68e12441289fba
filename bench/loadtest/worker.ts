/**
 * A load-tool worker process: runs its share of the simulated clients and reports a window of counters
 * to the coordinator every second. Started by run-load.ts with child_process.fork, so that the clients'
 * state decoding runs on other cores than the coordinator's.
 */
import "../../src/websocket-polyfill.ts";
import { createRng } from "../../src/world/rng.ts";
import { EventLoopLag } from "./event-loop-lag.ts";
import { SimulatedClient } from "./simulated-client.ts";
import { emptyWindow, type CoordinatorToWorker, type WorkerPlan, type WorkerToCoordinator } from "./worker-messages.ts";

const REPORT_EVERY_MS = 1_000;
/** Steps run in this many staggered slots, so clients do not all send in the same millisecond. */
const SLOTS = 10;

process.once("message", (message: CoordinatorToWorker) => {
  if (message.type === "start") void run(message.plan);
});

async function run(plan: WorkerPlan): Promise<void> {
  const rng = createRng(plan.seed * 1009 + plan.workerIndex);
  let window = emptyWindow(plan.workerIndex);
  const tally = () => window;
  const clients = plan.clients.map(({ number }) => new SimulatedClient(number, plan, createRng(plan.seed * 7919 + number), tally));
  const joins = plan.clients.map(({ joinAfterMs }, index) => delay(plan.startAt + joinAfterMs - Date.now()).then(() => (Date.now() < plan.endAt ? clients[index]!.join() : undefined)));

  // Measured from the start, not while this process was still loading its modules.
  await delay(plan.startAt - Date.now());
  const lag = new EventLoopLag();
  let cpuAtWindowStart = process.cpuUsage();
  let windowStartedAt = performance.now();
  const closeWindow = (): typeof window => {
    const now = performance.now();
    const closed = window;
    closed.connected = clients.filter((client) => client.connected).length;
    for (const client of clients) {
      if (client.connectedSince === undefined) continue;
      closed.clientSeconds += (now - Math.max(client.connectedSince, windowStartedAt)) / 1000;
    }
    const cpu = process.cpuUsage(cpuAtWindowStart);
    closed.cpuMicros = cpu.user + cpu.system;
    closed.eventLoopDelayP99Ms = lag.takeP99();
    cpuAtWindowStart = process.cpuUsage();
    windowStartedAt = now;
    window = emptyWindow(plan.workerIndex);
    return closed;
  };

  const stepMs = 1000 / plan.moveHz / SLOTS;
  const pingEverySteps = Math.max(1, Math.round(plan.moveHz / plan.pingHz));
  const steppingFrom = performance.now();
  let slot = 0;
  let chatBudget = 0;
  // Runs every slot that is due, so that a late timer does not lower the message rate.
  const stepper = setInterval(() => {
    const now = performance.now();
    for (const due = Math.floor((now - steppingFrom) / stepMs); slot <= due; slot++) {
      for (let index = slot % SLOTS; index < clients.length; index += SLOTS) {
        const client = clients[index]!;
        client.step(now);
        if ((Math.floor(slot / SLOTS) + index) % pingEverySteps === 0) client.ping();
      }
      chatBudget += (plan.chatRate * stepMs) / 1000;
      for (; chatBudget >= 1; chatBudget--) startOneTalk(clients, rng, now, tally);
    }
  }, stepMs);
  const reporter = setInterval(() => send({ type: "window", window: closeWindow() }), REPORT_EVERY_MS);

  await delay(plan.endAt - Date.now());
  clearInterval(stepper);
  clearInterval(reporter);
  // Joins still in flight (a slow server, a busy machine) end in the last window, not after it is sent.
  await Promise.all(joins);
  // Counted before leaving, so that the last window reports the clients still connected at the end.
  const last = closeWindow();
  lag.stop();
  await Promise.all(clients.map((client) => client.leave()));
  // Exits once the last report is handed to the IPC channel, so that it is not lost.
  process.send?.({ type: "done", window: last } satisfies WorkerToCoordinator, () => process.exit(0));
}

function startOneTalk(clients: readonly SimulatedClient[], rng: ReturnType<typeof createRng>, now: number, tally: () => ReturnType<typeof emptyWindow>): void {
  const idle = clients.filter((client) => client.connected && !client.talking);
  if (idle.length === 0) return;
  if (!rng.pick(idle).startTalk(now)) tally().talksWithoutAgent++;
}

function send(message: WorkerToCoordinator): void {
  process.send?.(message);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
