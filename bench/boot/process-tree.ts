import fs from "node:fs";

/** One process of a tree, as /proc describes it now. Worker threads are inside their process's RSS. */
export interface ProcessMemory {
  pid: number;
  /** The program and its first arguments, enough to tell npm, sh, tsx and the server apart. */
  command: string;
  rssMb: number;
  /** The process's own peak RSS so far (VmHWM): what sampling between two reads may miss. */
  peakRssMb: number;
}

/** Every live descendant of `root` (root included) with its resident memory, read from /proc (Linux only). */
export function processTree(root: number): ProcessMemory[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentOf(Number(name));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const tree: ProcessMemory[] = [];
  const visit = (pid: number) => {
    const memory = memoryOf(pid);
    if (memory) tree.push(memory);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

function parentOf(pid: number): number | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  // The command name in parentheses may itself contain spaces and parentheses: fields follow the last ")".
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields ? Number(fields[1]) : undefined;
}

function memoryOf(pid: number): ProcessMemory | undefined {
  const status = readOrUndefined(`/proc/${pid}/status`);
  const rssKb = status && /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  const peakKb = status && /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  if (!rssKb || !peakKb) return undefined;
  const argv = (readOrUndefined(`/proc/${pid}/cmdline`) ?? "").split("\0").filter(Boolean);
  const command = argv
    .slice(0, 4)
    .map((arg) => arg.replace(/^.*\/node_modules\//, "").replace(/^.*\//, ""))
    .join(" ");
  return { pid, command, rssMb: Number(rssKb) / 1024, peakRssMb: Number(peakKb) / 1024 };
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    // The process ended between listing and reading.
    return undefined;
  }
}
