import { describePromotion, promoteToAdmin } from "../src/auth/make-admin.ts";
import { openMigratedDatabase, runCli } from "./cli-support.ts";

const USAGE = `Usage: npm run users:admin -- promote USERNAME

Gives an existing account the admin role (time control, agent reload, monitor). The user logs in
again to get a token with the new role. Recorded in audit_log.`;

runCli(async () => {
  const [command, username, ...rest] = process.argv.slice(2);
  if (command !== "promote" || !username || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const { db } = await openMigratedDatabase();
  try {
    console.log(describePromotion(await promoteToAdmin(db.pool, username, { actor: "cli:users:admin" })));
    return 0;
  } finally {
    await db.close();
  }
});
