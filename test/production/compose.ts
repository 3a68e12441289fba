import fs from "node:fs";
import { parseEnv } from "node:util";
import { parse } from "yaml";

/**
 * A service's `environment` from a compose file, interpolated as `docker compose` does from the project's
 * .env: `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset), `${VAR:?message}` and
 * `${VAR?message}` (refuse to start with that message).
 */
export function composeEnvironment(composeFile: string, service: string, dotEnvFile: string): Record<string, string> {
  const compose = parse(fs.readFileSync(composeFile, "utf8")) as { services?: Record<string, { environment?: Record<string, string | number | null> | string[] }> };
  const environment = compose.services?.[service]?.environment;
  if (!environment || Array.isArray(environment)) throw new Error(`${composeFile}: service ${service} has no environment map`);
  const variables = parseEnv(fs.readFileSync(dotEnvFile, "utf8")) as Record<string, string>;
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, interpolate(String(value ?? ""), variables)]));
}

const REFERENCE = /\$\{(\w+)(?:(:?)([-?])([^}]*))?\}/g;

function interpolate(text: string, variables: Record<string, string>): string {
  return text.replace(REFERENCE, (_match, name: string, colon: string, operator: string | undefined, argument: string) => {
    const value = variables[name];
    const missing = value === undefined || (colon === ":" && value === "");
    if (!missing) return value;
    if (operator === "?") throw new Error(`compose refuses to start: ${argument || `${name} is required`}`);
    return operator === "-" ? argument : "";
  });
}
