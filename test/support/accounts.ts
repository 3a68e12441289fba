import type pg from "pg";
import { promoteToAdmin } from "../../src/auth/make-admin.ts";

export async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Registers an account through the HTTP API and returns its token. */
export async function register(httpUrl: string, username: string, password = "correct horse battery"): Promise<string> {
  const { status, body } = await postJson(`${httpUrl}/auth/register`, { username, password });
  if (status !== 201) throw new Error(`register ${username}: ${status} ${JSON.stringify(body)}`);
  return body.token;
}

/** An admin token: register, then promote (as the users:admin CLI does); the token carries the account's current role. */
export async function adminToken(httpUrl: string, pool: pg.Pool, username = "root_admin", password = "correct horse battery"): Promise<string> {
  const token = await register(httpUrl, username, password);
  await promoteToAdmin(pool, username, { actor: "test" });
  return token;
}
