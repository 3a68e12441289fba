import type { Config } from "../config.ts";
import { createAttemptLimit } from "./attempt-limit.ts";
import { AuthError } from "./errors.ts";

export interface AuthLimitSettings {
  /** Failed logins for one username from one address per window; the next attempt is refused. */
  failuresPerUsername: number;
  /** Failed logins from one address per window, whatever the usernames (password spraying). */
  failuresPerAddress: number;
  failureWindowSeconds: number;
  /** Registration attempts per address per hour (mass account creation). */
  registrationsPerHour: number;
}

export const AUTH_LIMIT_DEFAULTS: AuthLimitSettings = { failuresPerUsername: 10, failuresPerAddress: 30, failureWindowSeconds: 300, registrationsPerHour: 20 };

export function authLimitsFrom(config: Config): AuthLimitSettings {
  return {
    failuresPerUsername: config.LOGIN_FAILURES_PER_USERNAME,
    failuresPerAddress: config.LOGIN_FAILURES_PER_ADDRESS,
    failureWindowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
    registrationsPerHour: config.REGISTER_PER_HOUR,
  };
}

export interface AuthLimits {
  /**
   * A `throttled` error when `address` may not try to log in as `username` now; otherwise counts the
   * attempt as a failure (before the slow password check, so parallel guesses cannot all slip under
   * the limit) until `loginSucceeded` takes it back.
   */
  admitLogin(username: string, address: string): AuthError | undefined;
  loginSucceeded(username: string, address: string): void;
  /** A `throttled` error when `address` has registered too often this hour; otherwise counts the attempt. */
  admitRegistration(address: string): AuthError | undefined;
}

/**
 * Every count is keyed by the client address, so nobody can spend someone else's allowance: a
 * correct password from an address that has not failed is never refused. In memory, per process.
 */
export function createAuthLimits(settings: AuthLimitSettings, now?: () => number): AuthLimits {
  const windowMs = settings.failureWindowSeconds * 1000;
  const perUsername = createAttemptLimit({ max: settings.failuresPerUsername, windowMs, now });
  const perAddress = createAttemptLimit({ max: settings.failuresPerAddress, windowMs, now });
  const registrations = createAttemptLimit({ max: settings.registrationsPerHour, windowMs: 3_600_000, now });
  const usernameKey = (username: string, address: string) => `${username}\u0000${address}`;

  return {
    admitLogin(username, address) {
      const key = usernameKey(username, address);
      const forUsername = perUsername.retryAfterSeconds(key);
      if (forUsername > 0) return throttled(`too many failed logins for "${username}" from this address; try again in ${forUsername} s`, forUsername);
      const forAddress = perAddress.retryAfterSeconds(address);
      if (forAddress > 0) {
        return throttled(
          `too many failed logins from this address (${settings.failuresPerAddress} in ${settings.failureWindowSeconds} s, whatever the username); try again in ${forAddress} s`,
          forAddress,
        );
      }
      perUsername.record(key);
      perAddress.record(address);
      return undefined;
    },
    loginSucceeded(username, address) {
      perUsername.reset(usernameKey(username, address));
      // Only this attempt is taken back: logging in to one's own account must not reset a spraying count.
      perAddress.forgetLatest(address);
    },
    admitRegistration(address) {
      const wait = registrations.retryAfterSeconds(address);
      if (wait > 0) return throttled(`too many accounts registered from this address (${settings.registrationsPerHour} per hour); try again in ${wait} s`, wait);
      registrations.record(address);
      return undefined;
    },
  };
}

function throttled(message: string, retryAfterSeconds: number): AuthError {
  return new AuthError("throttled", message, { retryAfterSeconds });
}
