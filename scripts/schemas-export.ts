import fs from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "../src/config.ts";
import { designerJsonSchemas } from "../src/content/json-schemas.ts";
import { runCli } from "./cli-support.ts";

runCli(async () => {
  const { worldsDir } = loadConfig();
  for (const [name, text] of Object.entries(designerJsonSchemas())) {
    await fs.writeFile(path.join(worldsDir, name), text);
    console.log(`wrote ${path.relative(process.cwd(), path.join(worldsDir, name))}`);
  }
  return 0;
});
