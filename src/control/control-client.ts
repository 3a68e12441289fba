import http from "node:http";
import { UnknownUserError } from "../auth/make-admin.ts";
import { ContentError } from "../content/content-issue.ts";
import type { AdminOperations } from "./admin-operations.ts";
import type { ControlFile } from "./control-file.ts";
import { CONTROL_ROUTES, ControlError, LoadAnswer, PromoteAnswer } from "./control-protocol.ts";

/** The admin operations, run by the server that holds the embedded database, through its control channel. */
export function serverOperations(server: ControlFile): AdminOperations {
  return {
    promoteToAdmin: async (username) => PromoteAnswer.parse(await call(server, CONTROL_ROUTES.promote, { username })),
    loadContent: async (request) => LoadAnswer.parse(await call(server, CONTROL_ROUTES.loadContent, request)),
  };
}

/** Posts `body`; a refusal is thrown as the error the operation throws on the database itself. */
async function call(server: ControlFile, route: string, body: unknown): Promise<unknown> {
  const { status, text } = await post(server, route, JSON.stringify(body));
  const answer = parseJson(text);
  if (status === 200) return answer;
  const refusal = ControlError.safeParse(answer);
  if (!refusal.success) throw new Error(`the server (process ${server.pid}) answered ${status} on its control channel: ${text.slice(0, 200)}`);
  const error = refusal.data;
  if (error.error === "unknown_user") throw new UnknownUserError(error.message);
  if (error.error === "invalid_content") throw new ContentError(error.issues);
  throw new Error(error.message);
}

// node:http rather than fetch: fetch gives up on an answer after five minutes, and a load that embeds many memories may take longer.
function post(server: ControlFile, route: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: server.port, path: route, method: "POST", headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        response.on("error", reject);
      },
    );
    request.on("error", (error) =>
      reject(new Error(`the server (process ${server.pid}) holds the embedded database but its control channel did not answer (${error.message}); if it is starting or stopping, wait for it and run again`)),
    );
    request.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
