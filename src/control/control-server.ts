import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import type { z } from "zod";
import { UnknownUserError } from "../auth/make-admin.ts";
import { ContentError } from "../content/content-issue.ts";
import type { Logger } from "../log.ts";
import type { AdminOperations } from "./admin-operations.ts";
import { removeControlFile, writeControlFile, type ControlFile } from "./control-file.ts";
import { CONTROL_ROUTES, ContentLoadRequest, PromoteRequest, type ControlError } from "./control-protocol.ts";

export interface ControlChannel {
  /** Stops taking requests, waits for those under way, and removes the control file. */
  close(): Promise<void>;
}

/**
 * Lets the admin CLIs work while this process holds the embedded database (which no second process may
 * open): HTTP on a loopback port, answering only the random token in DATA_DIR/control.json. An admin
 * token cannot be the key, since the first admin is made through here.
 */
export async function openControlChannel(dataDir: string, operations: AdminOperations, log: Pick<Logger, "info" | "error">): Promise<ControlChannel> {
  const token = randomBytes(32).toString("base64url");
  const server = http.createServer(controlApp(operations, token, log));
  // A load that embeds many designer memories with a slow model may take longer than the default five minutes.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const entry: ControlFile = { pid: process.pid, port: (server.address() as AddressInfo).port, token };
  try {
    await writeControlFile(dataDir, entry);
  } catch (error) {
    server.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        await removeControlFile(dataDir, entry);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
      })();
      return closing;
    },
  };
}

function controlApp(operations: AdminOperations, token: string, log: Pick<Logger, "info" | "error">): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(requireToken(token), express.json({ limit: "1mb" }));
  app.post(CONTROL_ROUTES.promote, async (request, response) => {
    const body = parsed(PromoteRequest, request, response);
    if (!body) return;
    log.info({ control: "users:admin promote", username: body.username }, "admin CLI request through the control channel");
    try {
      response.json(await operations.promoteToAdmin(body.username));
    } catch (error) {
      if (!(error instanceof UnknownUserError)) throw error;
      refuse(response, 404, { error: "unknown_user", message: error.message });
    }
  });
  app.post(CONTROL_ROUTES.loadContent, async (request, response) => {
    const body = parsed(ContentLoadRequest, request, response);
    if (!body) return;
    log.info({ control: "agents:load", paths: body.paths, dryRun: body.dryRun }, "admin CLI request through the control channel");
    try {
      response.json(await operations.loadContent(body));
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      refuse(response, 422, { error: "invalid_content", issues: error.issues });
    }
  });
  app.use((error: Error & { type?: string }, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    if (error.type === "entity.parse.failed") return refuse(response, 400, { error: "invalid_request", message: "request body is not valid JSON" });
    log.error({ err: error }, "admin CLI request through the control channel failed");
    // Only the data folder's owner gets here: the CLI shows them the error as it would have met it on the database itself.
    refuse(response, 500, { error: "failed", message: error.message });
  });
  return app;
}

function requireToken(token: string) {
  const expected = digest(`Bearer ${token}`);
  return (request: Request, response: Response, next: NextFunction) => {
    if (timingSafeEqual(digest(request.headers.authorization ?? ""), expected)) return next();
    refuse(response, 401, { error: "unauthorized", message: "the control channel answers only the token in DATA_DIR/control.json" });
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function parsed<T>(schema: z.ZodType<T>, request: Request, response: Response): T | undefined {
  const result = schema.safeParse(request.body);
  if (result.success) return result.data;
  refuse(response, 400, { error: "invalid_request", message: result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ") });
  return undefined;
}

function refuse(response: Response, status: number, body: ControlError): void {
  response.status(status).json(body);
}
