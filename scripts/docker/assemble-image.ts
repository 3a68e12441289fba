import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { execForm, parseDockerfile, splitFlags, type Stage } from "./dockerfile.ts";

/** A stage carried out into a folder: `root` stands for the image's `/`. */
export interface AssembledStage {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  cmd: string[] | undefined;
  healthcheck: string[] | undefined;
  user: string | undefined;
}

export interface AssembleOptions {
  dockerfile: string;
  /** The build context (the repository root for docker-compose.yml's server). */
  context: string;
  /** Patterns of the Dockerfile's .dockerignore, applied to the context as Docker does. */
  ignoreFile: string | undefined;
  into: string;
  log(line: string): void;
}

/**
 * Builds a Dockerfile without Docker: every stage into a folder of its own, each COPY copying exactly what
 * Docker would (from the context minus .dockerignore, or from an earlier stage), each RUN run with the
 * stage's ENV in its WORKDIR. Runs as the test's user with the test's node: USER is recorded, not switched,
 * and `chown` is a no-op, since one user owns everything here.
 */
export function assembleImage(options: AssembleOptions): AssembledStage[] {
  const stages = parseDockerfile(options.dockerfile);
  const ignored = ignoreMatcher(options.ignoreFile);
  const shims = path.join(options.into, "shims");
  fs.mkdirSync(shims, { recursive: true });
  fs.writeFileSync(path.join(shims, "chown"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  const built: AssembledStage[] = [];
  stages.forEach((stage, index) => built.push(assembleStage(stage, index, built, { ...options, ignored, shims })));
  return built;
}

function assembleStage(stage: Stage, index: number, earlier: AssembledStage[], options: AssembleOptions & { ignored: (relative: string) => boolean; shims: string }): AssembledStage {
  const name = stage.name ?? String(index);
  const assembled: AssembledStage = { name, root: path.join(options.into, `stage-${name}`), workdir: "/", env: {}, cmd: undefined, healthcheck: undefined, user: undefined };
  fs.mkdirSync(assembled.root, { recursive: true });
  const inImage = (target: string) => path.join(assembled.root, path.posix.resolve(assembled.workdir, target));
  for (const instruction of stage.instructions) {
    const where = `${options.dockerfile}:${instruction.line}`;
    options.log(`[${name}] ${instruction.keyword} ${instruction.args}`);
    switch (instruction.keyword) {
      case "WORKDIR":
        assembled.workdir = path.posix.resolve(assembled.workdir, instruction.args);
        fs.mkdirSync(inImage("."), { recursive: true });
        break;
      case "ENV":
        for (const [key, value] of envPairs(instruction.args, where)) assembled.env[key] = value;
        break;
      case "COPY": {
        const { flags, rest } = splitFlags(instruction.args);
        const parts = rest.split(/\s+/);
        const destination = parts.pop()!;
        const from = flags.get("from");
        const source = from === undefined ? undefined : earlier.find((stage) => stage.name === from);
        if (from !== undefined && !source) throw new Error(`${where}: no earlier stage named ${from}`);
        for (const part of parts) {
          const origin = source ? path.join(source.root, path.posix.resolve(source.workdir, part)) : path.join(options.context, part);
          if (!fs.existsSync(origin)) throw new Error(`${where}: COPY source ${part} does not exist`);
          if (parts.length > 1 && !destination.endsWith("/")) throw new Error(`${where}: COPY of several sources needs a destination ending in /`);
          // As Docker: a file into a folder destination keeps its name; a folder's contents go into the destination.
          const target = destination.endsWith("/") && fs.statSync(origin).isFile() ? path.join(inImage(destination), path.basename(part)) : inImage(destination);
          fs.cpSync(origin, target, { recursive: true, filter: (file) => source !== undefined || !options.ignored(path.relative(options.context, file)) });
        }
        break;
      }
      case "RUN":
        execFileSync("sh", ["-c", instruction.args], {
          cwd: inImage("."),
          env: { ...buildHostNetwork(), PATH: `${options.shims}:${path.dirname(process.execPath)}:${process.env.PATH}`, HOME: process.env.HOME ?? options.into, ...assembled.env },
          stdio: ["ignore", "pipe", "pipe"],
          maxBuffer: 64 * 1024 * 1024,
        });
        break;
      case "USER":
        assembled.user = instruction.args;
        break;
      case "CMD":
        assembled.cmd = execForm(instruction.args, where);
        break;
      case "HEALTHCHECK": {
        const { rest } = splitFlags(instruction.args);
        if (!rest.startsWith("CMD ")) throw new Error(`${where}: expected HEALTHCHECK [options] CMD [...]`);
        assembled.healthcheck = execForm(rest.slice(4), where);
        break;
      }
      case "EXPOSE":
        break;
    }
  }
  return assembled;
}

/** What `docker build` takes from the machine it runs on: its way to the registry (certificates, proxies). */
function buildHostNetwork(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|https?_proxy|no_proxy)$/i.test(entry[0]) && entry[1] !== undefined));
}

function envPairs(args: string, where: string): Array<[string, string]> {
  if (!args.includes("=")) {
    const [key, ...value] = args.split(/\s+/);
    return [[key!, value.join(" ")]];
  }
  return args.split(/\s+/).map((pair) => {
    const equals = pair.indexOf("=");
    if (equals <= 0) throw new Error(`${where}: cannot read ENV ${pair}`);
    return [pair.slice(0, equals), pair.slice(equals + 1)];
  });
}

/** Docker's .dockerignore for the patterns this project uses: names and `*` wildcards, matched from the context root. */
function ignoreMatcher(ignoreFile: string | undefined): (relative: string) => boolean {
  if (!ignoreFile) return () => false;
  const patterns = fs
    .readFileSync(ignoreFile, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((pattern) => new RegExp(`^${pattern.replace(/\/+$/, "").split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}(/|$)`));
  return (relative) => patterns.some((pattern) => pattern.test(relative));
}
