import fs from "node:fs";

/** One instruction of a Dockerfile, its continuation lines joined. */
export interface Instruction {
  keyword: string;
  /** Everything after the keyword, flags included. */
  args: string;
  line: number;
}

export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

const KNOWN = new Set(["FROM", "WORKDIR", "COPY", "RUN", "ENV", "USER", "EXPOSE", "HEALTHCHECK", "CMD"]);

/**
 * The stages of a Dockerfile. Only the instructions the image simulation (assemble-image.ts) can carry out
 * are accepted: any other one fails here, naming its line, rather than being skipped silently.
 */
export function parseDockerfile(file: string): Stage[] {
  const stages: Stage[] = [];
  const lines = fs.readFileSync(file, "utf8").split("\n");
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    let text = lines[index]!.trim();
    if (text === "" || text.startsWith("#")) continue;
    while (text.endsWith("\\") && index + 1 < lines.length) text = `${text.slice(0, -1).trim()} ${lines[++index]!.trim()}`;
    const [keyword = "", ...rest] = text.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(" "), line: start + 1 };
    if (!KNOWN.has(instruction.keyword)) throw new Error(`${file}:${instruction.line}: the image simulation does not know ${instruction.keyword}; teach scripts/docker/assemble-image.ts`);
    if (instruction.keyword === "FROM") {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!from) throw new Error(`${file}:${instruction.line}: cannot read FROM ${instruction.args}`);
      stages.push({ image: from[1]!, name: from[2], instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${file}:${instruction.line}: ${instruction.keyword} before any FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** Leading `--name=value` flags of an instruction, and the rest. */
export function splitFlags(args: string): { flags: Map<string, string>; rest: string } {
  const flags = new Map<string, string>();
  let rest = args;
  for (let flag = /^--([\w-]+)(?:=(\S+))?\s*/.exec(rest); flag; flag = /^--([\w-]+)(?:=(\S+))?\s*/.exec(rest)) {
    flags.set(flag[1]!, flag[2] ?? "");
    rest = rest.slice(flag[0].length);
  }
  return { flags, rest };
}

/** The exec form (a JSON array) of CMD or HEALTHCHECK ... CMD. */
export function execForm(text: string, where: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string")) throw new Error(`${where}: expected the exec form ["program", "arg", ...]`);
  return parsed;
}
