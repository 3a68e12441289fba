import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { designerJsonSchemas } from "../../src/content/json-schemas.ts";

describe("designer JSON Schema files", () => {
  it.each(Object.entries(designerJsonSchemas()))("worlds/%s matches the loader's schema (run npm run schemas:export after changing it)", async (name, expected) => {
    expect(await fs.readFile(path.join("worlds", name), "utf8")).toBe(expected);
  });
});
