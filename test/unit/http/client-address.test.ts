import express from "express";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { clientAddress, compileTrustProxy, type TrustProxySetting } from "../../../src/http/client-address.ts";

/** What Express's own `req.ip` says for this peer and X-Forwarded-For under this setting. */
function expressIp(setting: TrustProxySetting, remoteAddress: string, forwardedFor?: string): string | undefined {
  const app = express().set("trust proxy", setting);
  const socket = { remoteAddress };
  const request = Object.assign(Object.create(app.request), { app, socket, connection: socket, headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } });
  return request.ip;
}

describe("the client address of a request", () => {
  const settings: TrustProxySetting[] = [false, true, 0, 1, 2, "loopback", "loopback, 10.0.0.0/8", "10.0.0.1", "uniquelocal"];
  const requests: [string, string | undefined][] = [
    ["127.0.0.1", undefined],
    ["127.0.0.1", "203.0.113.7"],
    ["127.0.0.1", "198.51.100.1, 203.0.113.7"],
    ["127.0.0.1", "198.51.100.1,10.0.0.1 , 10.0.0.2"],
    ["10.0.0.1", "evil, 203.0.113.7"],
    ["203.0.113.9", "198.51.100.1"],
    ["::ffff:127.0.0.1", "203.0.113.7"],
    ["::1", ", 203.0.113.7,"],
  ];

  it("is what Express's req.ip is, for every trust setting", () => {
    for (const setting of settings) {
      const trust = compileTrustProxy(setting);
      for (const [remoteAddress, forwardedFor] of requests) {
        const request = { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } };
        expect(clientAddress(request as never, trust), `${String(setting)} ${remoteAddress} ${forwardedFor}`).toBe(expressIp(setting, remoteAddress, forwardedFor));
      }
    }
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY says whom to believe", () => {
    const request = { socket: { remoteAddress: "127.0.0.1" }, headers: { "x-forwarded-for": "203.0.113.7" } } as never;
    expect(clientAddress(request, compileTrustProxy(loadConfig({}).TRUST_PROXY))).toBe("127.0.0.1");
    expect(clientAddress(request, compileTrustProxy(loadConfig({ TRUST_PROXY: "loopback" }).TRUST_PROXY))).toBe("203.0.113.7");
  });

  it("reads TRUST_PROXY as Express does and refuses what it cannot mean, saying how to write it", () => {
    expect(loadConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "FALSE" }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).TRUST_PROXY).toBe("loopback, 10.0.0.0/8");
    expect(() => loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/99" })).toThrow(/TRUST_PROXY: .*10\.0\.0\.0\/99.*comma-separated addresses and subnets/s);
    expect(() => loadConfig({ TRUST_PROXY: "my-load-balancer" })).toThrow(/TRUST_PROXY: .*my-load-balancer/);
  });
});
