import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { recordAttack } from "./support/ledger.ts";

const SUITE = "accounts behind a proxy";
const PASSWORD = "correct horse battery";
// The limits a server gets when nobody configures them: what these attacks meet in practice.
const defaults = loadConfig({});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { error?: string; message?: string };
}

// The test talks to the server over loopback, the way a load balancer on the same host would, and
// names the client each request stands for in X-Forwarded-For.
describe("logins and registrations behind a load balancer (TRUST_PROXY=loopback)", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: "loopback" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function post(path: "register" | "login", from: string, username: string, password = PASSWORD): Promise<Answer> {
    const response = await fetch(`${server.httpUrl}/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": from },
      body: JSON.stringify({ username, password }),
    });
    return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
  }
  const statuses = (answers: Answer[]) => answers.map((answer) => answer.status);
  const count = (answers: Answer[], status: number) => answers.filter((answer) => answer.status === status).length;

  it("ten wrong passwords behind a proxy do not lock the victim out", async () => {
    const victim = "198.51.100.10";
    const attacker = "203.0.113.66";
    expect((await post("register", victim, "victim")).status).toBe(201);
    const guesses: Answer[] = [];
    for (let guess = 1; guess <= defaults.LOGIN_FAILURES_PER_USERNAME + 2; guess++) guesses.push(await post("login", attacker, "victim", `wrong guess ${guess}`));
    // The attacker locks only itself out...
    expect(statuses(guesses.slice(0, defaults.LOGIN_FAILURES_PER_USERNAME)).every((status) => status === 401)).toBe(true);
    expect(guesses.slice(defaults.LOGIN_FAILURES_PER_USERNAME)).toMatchObject([
      { status: 429, body: { error: "throttled" } },
      { status: 429, body: { error: "throttled" } },
    ]);
    expect(Number(guesses.at(-1)!.retryAfter)).toBeGreaterThan(0);
    // ...and even with the right password.
    expect((await post("login", attacker, "victim")).status).toBe(429);
    // The victim's correct password, from its own address and from one never seen, still works.
    const own = await post("login", victim, "victim");
    const elsewhere = await post("login", "198.51.100.11", "victim");
    expect(own.status).toBe(200);
    expect(elsewhere.status).toBe(200);
    recordAttack(
      SUITE,
      "ten wrong passwords behind a proxy do not lock the victim out",
      `attacker: ${count(guesses, 401)} x 401 then ${count(guesses, 429)} x 429 (Retry-After ${guesses.at(-1)!.retryAfter} s); victim's correct password: ${own.status} from its address, ${elsewhere.status} from a new one`,
      guesses.length + 1,
    );
  });

  it("mass registration from one address is throttled", async () => {
    const flooder = "203.0.113.20";
    const attempts = 60;
    const answers = await Promise.all(Array.from({ length: attempts }, (_, index) => post("register", flooder, `mass_${index}`)));
    const created = count(answers, 201);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(created).toBe(defaults.REGISTER_PER_HOUR);
    expect(refused).toHaveLength(attempts - defaults.REGISTER_PER_HOUR);
    expect(refused[0]!.body).toMatchObject({ error: "throttled", message: expect.stringMatching(/too many accounts registered from this address.*try again in \d+ s/) });
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThan(0);
    const stored = await server.game.db.pool.query<{ count: number }>("SELECT count(*)::int AS count FROM users WHERE username LIKE 'mass\\_%'");
    expect(stored.rows[0]!.count).toBe(defaults.REGISTER_PER_HOUR);
    // Someone else behind the same proxy can still sign up.
    const neighbour = await post("register", "198.51.100.20", "neighbour");
    expect(neighbour.status).toBe(201);
    recordAttack(
      SUITE,
      "mass registration from one address is throttled",
      `${attempts} concurrent registrations: ${created} accounts created, ${refused.length} x 429 (Retry-After ${refused[0]!.retryAfter} s); another address: ${neighbour.status}`,
      attempts + 1,
    );
  });

  it("password spraying across usernames from one address is throttled", async () => {
    const sprayer = "203.0.113.30";
    const usernames = Array.from({ length: 40 }, (_, index) => `spray_${index}`);
    for (const [index, username] of usernames.slice(0, 5).entries()) expect((await post("register", `198.51.100.${40 + index}`, username)).status).toBe(201);
    const started = performance.now();
    const answers = await Promise.all(usernames.map((username) => post("login", sprayer, username, "Winter2026!")));
    const seconds = (performance.now() - started) / 1000;
    const refused = answers.filter((answer) => answer.status === 429);
    expect(count(answers, 401)).toBe(defaults.LOGIN_FAILURES_PER_ADDRESS);
    expect(refused).toHaveLength(usernames.length - defaults.LOGIN_FAILURES_PER_ADDRESS);
    expect(refused[0]!.body).toMatchObject({ error: "throttled", message: expect.stringMatching(/too many failed logins from this address.*whatever the username.*try again in \d+ s/) });
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThan(0);
    // A user whose account was sprayed logs in from its own address.
    const owner = await post("login", "198.51.100.40", "spray_0");
    expect(owner.status).toBe(200);
    recordAttack(
      SUITE,
      "password spraying across usernames from one address is throttled",
      `${usernames.length} usernames in ${seconds.toFixed(1)} s: ${count(answers, 401)} x 401, ${refused.length} x 429 (Retry-After ${refused[0]!.retryAfter} s); a sprayed account's owner: ${owner.status}`,
      usernames.length + 1,
    );
  });
});

describe("join attempts behind a load balancer (TRUST_PROXY=loopback)", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: "loopback", CONNECT_RATE_PER_SECOND: "1", CONNECT_RATE_BURST: "3" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const matchmake = async (from: string) => {
    // A room name nobody defined: the throttle answers before matchmaking looks, and no room is created.
    const response = await fetch(`${server.httpUrl}/matchmake/joinOrCreate/no_such_room`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": from }, body: "{}" });
    await response.arrayBuffer();
    return response.status;
  };

  it("one client's join flood behind a proxy does not throttle the others", async () => {
    const started = performance.now();
    const flood = await Promise.all(Array.from({ length: 20 }, () => matchmake("203.0.113.40")));
    const seconds = (performance.now() - started) / 1000;
    const others = await Promise.all(["198.51.100.50", "198.51.100.51"].map(matchmake));
    const throttled = flood.filter((status) => status === 429).length;
    // The burst (3) and what refilled meanwhile (1 a second) get through; the rest are refused.
    expect(flood.length - throttled).toBeLessThanOrEqual(3 + Math.ceil(seconds));
    expect(throttled).toBeGreaterThan(0);
    expect(others.filter((status) => status === 429)).toEqual([]);
    recordAttack(SUITE, "one client's join flood behind a proxy does not throttle the others", `${flood.length} matchmaking requests from one client: ${throttled} x 429; two other clients behind the same proxy: ${others.join(", ")}`, flood.length + others.length);
  });
});
