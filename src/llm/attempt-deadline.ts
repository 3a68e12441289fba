import { AttemptTimeoutError } from "./llm-failure.ts";

export interface AttemptDeadline {
  /** Aborts when the deadline passes or the caller aborts; hand it to the SDK request. */
  readonly signal: AbortSignal;
  /** Turns what an aborted request threw into the reason it was aborted; other errors pass through. */
  explain(error: unknown): unknown;
  /** Throws if the request was aborted, for streams that end quietly when their body is cancelled. */
  throwIfAborted(): void;
  dispose(): void;
}

/**
 * One attempt's time limit over the whole exchange, streamed body included: the SDK's own timeout
 * stops at the response headers, so a server that starts answering and then hangs would hold an
 * agent forever. A real timer on purpose: it bounds real network time.
 */
export function startAttemptDeadline(timeoutMs: number, callerSignal?: AbortSignal): AttemptDeadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new AttemptTimeoutError(timeoutMs)), timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const explain = (error: unknown) => (controller.signal.aborted ? controller.signal.reason : error);
  return {
    signal: controller.signal,
    explain,
    throwIfAborted: () => controller.signal.throwIfAborted(),
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}
