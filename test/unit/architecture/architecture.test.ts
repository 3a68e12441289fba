import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readSourceTree, type ImportRef, type SourceFile } from "./source-tree.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Which code may depend on which (docs/architecture.md draws the layers and says why).
 * `files`: the files a rule is about (path prefixes); `except`: files of those it does not apply to.
 * `forbidden`: import targets those files must not reach (project path prefixes or package names, a
 * trailing "/" matching everything under it); `onlyAllowed`: the only targets they may reach.
 */
interface ImportRule {
  rule: string;
  files: string[];
  except?: string[];
  forbidden?: string[];
  onlyAllowed?: string[];
}

const IMPORT_RULES: ImportRule[] = [
  {
    rule: "the world simulation is pure: it imports only itself and the shared kernel (no packages, no Node APIs)",
    files: ["src/world/"],
    onlyAllowed: ["src/world/", "src/shared-kernel/"],
  },
  {
    rule: "the shared kernel depends on nothing",
    files: ["src/shared-kernel/"],
    onlyAllowed: ["src/shared-kernel/"],
  },
  {
    rule: "Colyseus only in rooms/, the server's boot and the load tools (the inspector page is a client, with the client SDK)",
    files: ["src/", "agents/", "db/", "scripts/"],
    except: ["src/server.ts", "src/main.ts", "src/inspector/"],
    forbidden: ["@colyseus/"],
  },
  {
    rule: "the inspector page uses only the Colyseus client SDK",
    files: ["src/inspector/"],
    forbidden: ["@colyseus/core", "@colyseus/schema", "@colyseus/ws-transport"],
  },
  {
    rule: "storage never reaches up: db/ imports neither the agent engine nor the rooms, not even types",
    files: ["db/"],
    forbidden: ["agents/", "rooms/"],
  },
  {
    rule: "the agent engine knows nothing of rooms, HTTP or WebSockets",
    files: ["agents/"],
    forbidden: ["rooms/", "src/http/", "@colyseus/", "ws", "express"],
  },
  {
    rule: "the LLM layer knows neither agents nor storage",
    files: ["src/llm/"],
    forbidden: ["agents/", "db/", "rooms/"],
  },
  {
    rule: "shipped code and tools never import test code",
    files: ["src/", "rooms/", "agents/", "db/", "scripts/", "bench/"],
    forbidden: ["test/"],
  },
];

/** Files outside db/ that may hold SQL text or call `.query(`: none. */
const SQL_HOME = "db/";

const tree = readSourceTree(ROOT);

describe("the architecture's import rules", () => {
  it("finds the source tree", () => {
    expect(tree.length).toBeGreaterThan(300);
    expect(tree.some((file) => file.path === "src/world/simulation.ts")).toBe(true);
  });

  for (const rule of IMPORT_RULES) {
    it(rule.rule, () => {
      const broken = tree.filter((file) => appliesTo(rule, file)).flatMap((file) => file.imports.filter((ref) => breaks(rule, ref)).map((ref) => describe_(file, ref)));
      expect(broken, `${rule.rule}; these imports break it:`).toEqual([]);
    });
  }

  it("SQL lives only in db/: no SQL text and no .query( calls elsewhere", () => {
    const outside = tree.filter((file) => !file.path.startsWith(SQL_HOME));
    const sql = outside.flatMap((file) => file.sql.map((found) => `${file.path}:${found.line} "${found.text}"`));
    const calls = outside.flatMap((file) => file.queryCalls.map((line) => `${file.path}:${line} .query(`));
    expect([...sql, ...calls], "move these into a repository in db/repositories/").toEqual([]);
  });

  it("notices a broken rule (the checker itself)", () => {
    const world = IMPORT_RULES[0]!;
    const fake: SourceFile = { path: "src/world/x.ts", imports: [{ specifier: "../../db/client.ts", target: "db/client.ts", line: 1 }], sql: [], queryCalls: [] };
    expect(appliesTo(world, fake) && fake.imports.some((ref) => breaks(world, ref))).toBe(true);
    const sqlSample = tree.find((file) => file.path === "db/repositories/world-repository.ts");
    expect(sqlSample?.sql.length).toBeGreaterThan(0);
  });
});

function appliesTo(rule: ImportRule, file: SourceFile): boolean {
  return rule.files.some((prefix) => file.path.startsWith(prefix)) && !(rule.except ?? []).some((prefix) => file.path.startsWith(prefix));
}

function breaks(rule: ImportRule, ref: ImportRef): boolean {
  if (rule.onlyAllowed) return !rule.onlyAllowed.some((allowed) => matches(ref.target, allowed));
  return (rule.forbidden ?? []).some((forbidden) => matches(ref.target, forbidden));
}

function matches(target: string, pattern: string): boolean {
  return pattern.endsWith("/") ? target.startsWith(pattern) : target === pattern || target.startsWith(`${pattern}/`);
}

function describe_(file: SourceFile, ref: ImportRef): string {
  return `${file.path}:${ref.line} imports ${ref.specifier}`;
}
