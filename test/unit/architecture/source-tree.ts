import fs from "node:fs";
import path from "node:path";
import { parseSync } from "oxc-parser";

/** The folders of non-test code the architecture rules apply to. */
export const SOURCE_ROOTS = ["src", "rooms", "agents", "db", "scripts", "bench"];
const SKIPPED_FOLDERS = new Set(["node_modules", "dist"]);

export interface ImportRef {
  /** As written in the file. */
  specifier: string;
  /** A project path ("src/world/clock.ts") for a relative import, else the package ("@colyseus/core", "node:fs"). */
  target: string;
  line: number;
}

export interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  imports: ImportRef[];
  /** String and template literals that read as SQL, with their lines. */
  sql: { text: string; line: number }[];
  /** Lines of `.query(...)` calls (a database client's query). */
  queryCalls: number[];
}

const SQL = /\b(SELECT\b[\s\S]*\bFROM|INSERT INTO|UPDATE\s+\w+\s+SET|DELETE FROM|CREATE (TABLE|INDEX|EXTENSION|DATABASE)|DROP (TABLE|INDEX|DATABASE)|ALTER (TABLE|DATABASE)|TRUNCATE|pg_advisory_\w+)\b/;

export function readSourceTree(root: string): SourceFile[] {
  return SOURCE_ROOTS.flatMap((folder) => listTypeScript(root, folder)).map((file) => readSourceFile(root, file));
}

function listTypeScript(root: string, folder: string): string[] {
  const entries = fs.readdirSync(path.join(root, folder), { withFileTypes: true });
  return entries.flatMap((entry) => {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : listTypeScript(root, relative);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

function readSourceFile(root: string, file: string): SourceFile {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const parsed = parseSync(file, text);
  if (parsed.errors.length > 0) throw new Error(`${file} does not parse: ${parsed.errors[0]!.message}`);
  const lineOf = lineLocator(text);
  const imports: ImportRef[] = [];
  const add = (specifier: string, offset: number) => imports.push({ specifier, target: resolveTarget(file, specifier), line: lineOf(offset) });
  for (const entry of parsed.module.staticImports) add(entry.moduleRequest.value, entry.start);
  for (const entry of parsed.module.staticExports) for (const item of entry.entries) if (item.moduleRequest) add(item.moduleRequest.value, entry.start);
  for (const entry of parsed.module.dynamicImports) {
    const request = text.slice(entry.moduleRequest.start, entry.moduleRequest.end);
    // import(variable) cannot be checked statically; only literal specifiers name a module.
    if (/^["'`][^"'`$]*["'`]$/.test(request)) add(request.slice(1, -1), entry.start);
  }
  const sql: SourceFile["sql"] = [];
  const queryCalls: number[] = [];
  walk(parsed.program, (node) => {
    const literal = literalText(node);
    if (literal !== undefined && SQL.test(literal)) sql.push({ text: literal.trim().slice(0, 80), line: lineOf(node.start as number) });
    if (node.type === "CallExpression") {
      const callee = node.callee as Record<string, any>;
      // Colyseus' matchMaker.query lists rooms; every other .query( is a database client's.
      if (callee?.type === "MemberExpression" && callee.property?.name === "query" && callee.object?.name !== "matchMaker") queryCalls.push(lineOf(node.start as number));
    }
  });
  return { path: file, imports, sql, queryCalls };
}

function resolveTarget(file: string, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

function literalText(node: Record<string, unknown>): string | undefined {
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral") return (node.quasis as { value: { raw: string } }[]).map((quasi) => quasi.value.raw).join("?");
  return undefined;
}

function walk(node: unknown, visit: (node: Record<string, any>) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  const record = node as Record<string, any>;
  if (typeof record.type === "string") visit(record);
  for (const [key, value] of Object.entries(record)) if (key !== "parent" && value && typeof value === "object") walk(value, visit);
}

function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}
