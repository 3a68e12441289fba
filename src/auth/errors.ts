export type AuthErrorCode =
  | "invalid_token"
  | "expired_token"
  | "invalid_credentials"
  | "username_taken"
  | "forbidden"
  | "unauthenticated"
  | "throttled";

const HTTP_STATUS: Record<AuthErrorCode, number> = {
  invalid_token: 401,
  expired_token: 401,
  invalid_credentials: 401,
  unauthenticated: 401,
  forbidden: 403,
  username_taken: 409,
  throttled: 429,
};

/**
 * An authentication or authorisation failure the caller can act on. The message says what is
 * wrong and how to fix it; it never contains a password, a token or a hash.
 */
export class AuthError extends Error {
  override readonly name = "AuthError";
  readonly code: AuthErrorCode;
  /** Only for `throttled`: whole seconds until another attempt is allowed. */
  readonly retryAfterSeconds?: number;

  constructor(code: AuthErrorCode, message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The HTTP status that goes with the code (401, 403, 409 or 429). */
  get status(): number {
    return HTTP_STATUS[this.code];
  }

  /** The JSON body sent to clients: `{ error: code, message }` (+ `retryAfterSeconds` when throttled). */
  toBody(): { error: AuthErrorCode; message: string; retryAfterSeconds?: number } {
    return this.retryAfterSeconds === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, retryAfterSeconds: this.retryAfterSeconds };
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
