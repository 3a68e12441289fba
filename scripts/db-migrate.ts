import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { runCli } from "./cli-support.ts";

runCli(async () => {
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
