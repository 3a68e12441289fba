import type pg from "pg";
import { promoteToAdmin, type PromoteResult } from "../auth/make-admin.ts";
import { loadContent, type LoadReport } from "../content/load-content.ts";
import type { EmbeddingProvider } from "../llm/task.ts";
import type { ContentLoadRequest } from "./control-protocol.ts";

/** Who the audit log names for what the CLIs do, whether they reach the database themselves or through the server. */
export const CLI_ACTORS = { promote: "cli:users:admin", loadContent: "cli:agents:load" } as const;

/** What `users:admin` and `agents:load` do; errors are UnknownUserError and ContentError, as the operations throw them. */
export interface AdminOperations {
  promoteToAdmin(username: string): Promise<PromoteResult>;
  loadContent(request: ContentLoadRequest): Promise<LoadReport>;
}

export interface DatabaseOperationsOptions {
  /** The embedder for designer memories; asked for only when a load writes. */
  embedder: () => EmbeddingProvider | undefined;
  /** Runs after a load that wrote (the server lets a world's live room pick up its new agents). */
  afterLoad?: (report: LoadReport) => Promise<void>;
}

/** The operations on a database this process holds. */
export function databaseOperations(pool: pg.Pool, options: DatabaseOperationsOptions): AdminOperations {
  return {
    promoteToAdmin: (username) => promoteToAdmin(pool, username, { actor: CLI_ACTORS.promote }),
    async loadContent(request) {
      const report = await loadContent(pool, { ...request, actor: CLI_ACTORS.loadContent, embedder: request.dryRun ? undefined : options.embedder() });
      if (!report.dryRun) await options.afterLoad?.(report);
      return report;
    },
  };
}
