import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.ts";

const postgres = { DATABASE_URL: "postgres://u:p@127.0.0.1:5432/lw" };

describe("scale-out configuration", () => {
  it("a server on Redis needs PUBLIC_ADDRESS and names it", () => {
    expect(() => loadConfig({ ...postgres, REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(/PUBLIC_ADDRESS: required with REDIS_URL/);
  });

  it("a server on Redis needs a shared Postgres, not the embedded database", () => {
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", PUBLIC_ADDRESS: "game-1:2567" })).toThrow(/DATABASE_URL: required with REDIS_URL/);
  });

  it("LLM_QUEUE without Redis is refused; a worker without Redis is refused", () => {
    expect(() => loadConfig({ LLM_QUEUE: "true" })).toThrow(/LLM_QUEUE: needs REDIS_URL/);
    expect(() => loadConfig({}, "worker")).toThrow(/REDIS_URL: required by `npm run worker`/);
  });

  it("rejects a PUBLIC_ADDRESS with a scheme and a REDIS_URL that is not redis://", () => {
    const error = catchError(() => loadConfig({ ...postgres, REDIS_URL: "http://127.0.0.1:6379", PUBLIC_ADDRESS: "ws://game-1:2567" }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(error.message).toMatch(/PUBLIC_ADDRESS: must be host\[:port\]/);
  });

  it("accepts a complete scale-out setup, and no Redis at all by default", () => {
    const config = loadConfig({ ...postgres, REDIS_URL: "redis://127.0.0.1:6379/2", PUBLIC_ADDRESS: "game-1.example.com:2567", LLM_QUEUE: "true" });
    expect(config).toMatchObject({ REDIS_URL: "redis://127.0.0.1:6379/2", PUBLIC_ADDRESS: "game-1.example.com:2567", LLM_QUEUE: true, LLM_QUEUE_NAME: "living-world-llm" });
    const plain = loadConfig({});
    expect(plain.REDIS_URL).toBeUndefined();
    expect(plain.LLM_QUEUE).toBe(false);
  });
});

function catchError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
