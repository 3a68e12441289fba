import { describe, expect, it } from "vitest";
import { createAuthLimits } from "../../../src/auth/auth-limits.ts";

const SETTINGS = { failuresPerUsername: 3, failuresPerAddress: 5, failureWindowSeconds: 60, registrationsPerHour: 2 };

describe("login and registration limits per client address", () => {
  function limitsAt(start = 0) {
    const clock = { now: start };
    return { clock, limits: createAuthLimits(SETTINGS, () => clock.now) };
  }

  it("a correct password from an address that has not failed is never refused", () => {
    const { limits } = limitsAt();
    for (let attempt = 0; attempt < 20; attempt++) limits.admitLogin("victim", "attacker");
    expect(limits.admitLogin("victim", "attacker")?.code).toBe("throttled");
    expect(limits.admitLogin("victim", "victim-home")).toBeUndefined();
  });

  it("refuses a sprayer across usernames, and logging in to its own account does not reset the count", () => {
    const { clock, limits } = limitsAt();
    for (let index = 0; index < 4; index++) expect(limits.admitLogin(`user_${index}`, "sprayer")).toBeUndefined();
    expect(limits.admitLogin("own_account", "sprayer")).toBeUndefined();
    limits.loginSucceeded("own_account", "sprayer");
    expect(limits.admitLogin("user_4", "sprayer")).toBeUndefined();
    const refused = limits.admitLogin("user_5", "sprayer");
    expect(refused).toMatchObject({ code: "throttled", retryAfterSeconds: 60 });
    expect(refused?.message).toMatch(/too many failed logins from this address \(5 in 60 s, whatever the username\); try again in 60 s/);
    clock.now += 60_000;
    expect(limits.admitLogin("user_5", "sprayer")).toBeUndefined();
  });

  it("limits registrations per address per hour", () => {
    const { clock, limits } = limitsAt();
    expect(limits.admitRegistration("flooder")).toBeUndefined();
    clock.now += 1_000;
    expect(limits.admitRegistration("flooder")).toBeUndefined();
    expect(limits.admitRegistration("flooder")).toMatchObject({ code: "throttled", retryAfterSeconds: 3599 });
    expect(limits.admitRegistration("neighbour")).toBeUndefined();
    clock.now += 3_600_000 - 1_000;
    expect(limits.admitRegistration("flooder")).toBeUndefined();
  });
});
