import path from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "./cli-support.ts";
import { writeClients } from "./clients/generate.ts";

const USAGE = `Usage: npm run clients:generate [-- --out DIR]

Writes the typed clients from the server's definitions (the state schema in rooms/world-state.ts, the
join options and the messages in rooms/): TypeScript types into clients/typescript/, C# schema and
message classes for the Colyseus Unity SDK into clients/csharp/ and GDScript state classes for the
Godot SDK into clients/godot/. Run it after changing any of them and commit the result; a test fails
while they are stale. docs/protocol.md says how each engine uses them.
  --out DIR   write into DIR instead of clients/ (its typescript/, csharp/ and godot/ folders are replaced)`;

runCli(async () => {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { out: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const outDir = path.resolve(values.out ?? "clients");
  for (const name of await writeClients(outDir)) console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, name))}`);
  return 0;
});
