import { parseArgs } from "node:util";
import { formatIssue, ContentError } from "../src/content/content-issue.ts";
import type { DesignerEmbeddings } from "../src/content/embed-designer-memories.ts";
import { openAdminOperations, runCli } from "./cli-support.ts";

const USAGE = `Usage: npm run agents:load -- PATH... [--world ID] [--dry-run]

Validates agent JSON files (files or folders) and loads them into a world in one transaction.
  PATH        agent .json files, folders of them, or a world folder (worlds/<id>)
  --world ID  world to load into (default: inferred from worlds/<id>/..., else DEFAULT_WORLD)
  --dry-run   validate and report what would change, write nothing
Exit code 1 and nothing written when any file has an error.`;

runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { world: { type: "string" }, "dry-run": { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(`No PATH given.\n\n${USAGE}`);
    return 2;
  }
  const { config, operations, close } = await openAdminOperations();
  try {
    const report = await operations.loadContent({
      paths: positionals,
      cwd: process.cwd(),
      worldId: values.world,
      worldsDir: config.worldsDir,
      defaultWorldId: config.DEFAULT_WORLD,
      dryRun: values["dry-run"],
      maxFileBytes: config.CONTENT_MAX_FILE_BYTES,
    });
    for (const issue of report.issues) console.warn(formatIssue(issue));
    const { created, updated, unchanged } = report.agents;
    const prefix = report.dryRun ? "dry run, nothing written: would have " : "";
    console.log(`${prefix}world ${report.worldId} (${report.world}): ${report.files} file(s), agents ${created} created, ${updated} updated, ${unchanged} unchanged`);
    if (report.embeddings) console.log(describeEmbeddings(report.embeddings));
    return 0;
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    for (const issue of error.issues) console.error(formatIssue(issue));
    const errors = error.issues.filter((issue) => issue.severity === "error").length;
    console.error(`${errors} error(s); nothing was written. Fix the files above and run again.`);
    return 1;
  } finally {
    await close();
  }
});

function describeEmbeddings({ model, embedded, pending, error }: DesignerEmbeddings): string {
  const done = `designer memories: ${embedded} embedded with ${model}`;
  if (pending === 0) return done;
  return `${done}, ${pending} left without a vector (${error ?? "the embedder could not place their text"}); the world's room embeds them when it runs`;
}
