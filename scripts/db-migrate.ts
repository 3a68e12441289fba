import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { runCli } from "./cli-support.ts";

const USAGE = `Usage: npm run db:migrate

Applies the migrations in migrations/ that the database has not had yet, in order, each in its own
transaction, and says how many it applied. The database is DATABASE_URL, or without it the embedded
database in DATA_DIR (default ./data); stop the server first when it holds the embedded database.`;

runCli(async () => {
  const { values } = parseArgs({ options: { help: { type: "boolean", short: "h" } }, allowPositionals: false });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolMax: 2 });
  try {
    const where = config.DATABASE_URL ? "postgres (DATABASE_URL)" : `embedded database in ${config.dataDir}`;
    const result = await migrate(db.pool, undefined, (line) => console.log(line));
    console.log(`${where}: ${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied`);
    return 0;
  } finally {
    await db.close();
  }
});
