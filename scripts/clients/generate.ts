import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { ClientMessages } from "../../rooms/client-messages.ts";
import { JoinOptionsSchema } from "../../rooms/join-options.ts";
import { ServerMessages } from "../../rooms/server-messages.ts";
import { WorldState } from "../../rooms/world-state.ts";
import { csharpFiles } from "./csharp-files.ts";
import { godotFiles } from "./godot-files.ts";
import { messageModel, messageModels } from "./message-model.ts";
import { readSchemaClasses } from "./schema-model.ts";
import { payloadName, type ClientProtocol } from "./protocol.ts";
import { typescriptFiles } from "./typescript-files.ts";

/** The folders under clients/ this generator owns entirely: what is in them and not generated is removed. */
const GENERATED_FOLDERS = ["typescript", "csharp", "godot"] as const;

/** The protocol as the server defines it: state schema classes, join options and messages both ways. */
function clientProtocol(): ClientProtocol {
  const protocol = {
    rootClass: WorldState.name,
    classes: readSchemaClasses(WorldState),
    joinOptions: { ...messageModel("join options", JoinOptionsSchema), description: 'the options of client.joinOrCreate("world", options); unknown options are refused.' },
    clientMessages: messageModels(ClientMessages),
    serverMessages: messageModels(ServerMessages),
  };
  const named = new Map<string, string>();
  for (const { type } of [...protocol.clientMessages, ...protocol.serverMessages]) {
    const name = payloadName(type, "Message");
    const other = named.get(name);
    if (other !== undefined) throw new Error(`messages "${other}" and "${type}" would both be generated as ${name}: rename one in rooms/client-messages.ts or rooms/server-messages.ts`);
    named.set(name, type);
  }
  return protocol;
}

/** Every generated file, by path relative to clients/ (e.g. "csharp/Agent.cs"), in a stable order. */
async function generatedClientFiles(): Promise<Record<string, string>> {
  const protocol = clientProtocol();
  const schemaVersion = await installedVersion("@colyseus/schema");
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(typescriptFiles(protocol))) files[`typescript/${name}`] = text;
  for (const [name, text] of Object.entries(csharpFiles(protocol, schemaVersion))) files[`csharp/${name}`] = text;
  for (const [name, text] of Object.entries(godotFiles(protocol.classes, schemaVersion))) files[`godot/${name}`] = text;
  return files;
}

// The package's exports hide its package.json: find it above the entry point.
async function installedVersion(name: string): Promise<string> {
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  while (path.basename(dir) !== path.basename(name)) {
    if (dir === path.dirname(dir)) throw new Error(`cannot find the package.json of ${name} above its entry point`);
    dir = path.dirname(dir);
  }
  return (JSON.parse(await fs.readFile(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** Writes the generated clients into `outDir` (a clients/ folder), replacing its generated folders. Returns the paths written. */
export async function writeClients(outDir: string): Promise<string[]> {
  const files = await generatedClientFiles();
  for (const folder of GENERATED_FOLDERS) await fs.rm(path.join(outDir, folder), { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(outDir, name)), { recursive: true });
    await fs.writeFile(path.join(outDir, name), text);
  }
  return Object.keys(files);
}
