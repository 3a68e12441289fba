import { describePromotion } from "../src/auth/make-admin.ts";
import { openAdminOperations, runCli } from "./cli-support.ts";

const USAGE = `Usage: npm run users:admin -- promote USERNAME

Gives an existing account the admin role (time control, agent reload, monitor). The user logs in
again to get a token with the new role. Recorded in audit_log. Works beside a running server.`;

runCli(async () => {
  const [command, username, ...rest] = process.argv.slice(2);
  if (command !== "promote" || !username || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const { operations, close } = await openAdminOperations();
  try {
    console.log(describePromotion(await operations.promoteToAdmin(username)));
    return 0;
  } finally {
    await close();
  }
});
