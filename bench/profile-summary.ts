/**
 * Top functions of a V8 .cpuprofile by self time, and by total (inclusive) time for project files.
 *
 *   node --cpu-prof --cpu-prof-dir=tmp/prof --import tsx bench/tick.ts --ticks 1200
 *   npx tsx bench/profile-summary.ts tmp/prof/CPU.*.cpuprofile [--top 25]
 */
import fs from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const topIndex = args.indexOf("--top");
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
const file = args.find((arg, index) => !arg.startsWith("--") && (topIndex < 0 || index !== topIndex + 1));
if (!file || !Number.isInteger(top) || top < 1) {
  process.stderr.write("usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]\n");
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Sample time per node from the deltas (more exact than hitCount x interval).
const selfMs = new Map<number, number>();
profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
const totalMs = [...selfMs.values()].reduce((a, b) => a + b, 0);

const cwd = process.cwd();
const nameOf = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${path.relative(cwd, url.replace(/^file:\/\//, ""))}:${lineNumber + 1}` : "(native)";
  return `${functionName || "(anonymous)"}  ${where}`;
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const node = byId.get(id)!;
  self.set(nameOf(node), (self.get(nameOf(node)) ?? 0) + ms);
  // Inclusive: every distinct function on the stack gets the sample once (recursion counted once).
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const name = nameOf(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  }
}

const print = (title: string, entries: Map<string, number>, filter: (name: string) => boolean = () => true) => {
  process.stdout.write(`\n${title}\n`);
  [...entries]
    .filter(([name]) => filter(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([name, ms]) => process.stdout.write(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${name}\n`));
};

process.stdout.write(`${file}: ${totalMs.toFixed(0)} ms sampled\n`);
print("self time", self);
print("inclusive time, project code (rooms/, src/, bench/)", inclusive, (name) => /\s(rooms|src|bench)\//.test(name));
print("inclusive time, @colyseus/schema", inclusive, (name) => name.includes("@colyseus/schema"));
