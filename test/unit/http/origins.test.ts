import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";

describe("CORS_ORIGINS", () => {
  it("reads CORS_ORIGINS as origins and refuses anything else", () => {
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: "https://game.example.com, http://localhost:5173/" }).CORS_ORIGINS).toEqual(["https://game.example.com", "http://localhost:5173"]);
    expect(() => loadConfig({ CORS_ORIGINS: "https://game.example.com/play" })).toThrow(/CORS_ORIGINS: "https:\/\/game.example.com\/play" is not an origin; write scheme:\/\/host\[:port\]/);
    expect(() => loadConfig({ CORS_ORIGINS: "*" })).toThrow(/CORS_ORIGINS: "\*" is not an origin/);
  });
});
