/** The read-only inspector API and the account/admin endpoints, same origin as the page. */

const TOKEN_KEY = "lw-inspector-token";

export function savedToken(): string | undefined {
  return localStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function saveToken(token: string | undefined): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const token = savedToken();
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!response.ok) throw new ApiError(response.status, body.error ?? "http_error", body.message ?? `${path} answered ${response.status}`);
  return body as T;
}

export interface Rect { x: number; y: number; width: number; height: number }
export interface WorldInfo {
  id: string;
  name: string;
  map: { width: number; height: number; tileSize: number; blocked: Rect[] };
  locations: (Rect & { name: string; type?: string })[];
  spawn: { x: number; y: number };
  clock: { gameTime: number; speed: number };
  conversations: { talkRange: number; hearingRange: number };
}

export interface Usage { calls: number; tokensIn: number; tokensOut: number; costUsd: number; failed: number }
export interface WorldSummary {
  clock: { gameTime: number; speed: number };
  llm: { callsPerMinute: number; lastGameHour: Usage; total: Usage; costPerGameHourUsd: number };
  tickP99Ms: number | null;
  /** Set when the p99 lies past the histogram's last bucket (then tickP99Ms is null). */
  tickP99AboveMs?: number;
  clients: number;
  viewer: { role: "anonymous" | "player" | "admin"; username: string | null };
}

export interface Memory { id: string; type: string; content: string; importance: number; emotionalRelevance: number; gameTime: number; accessCount: number; location: string | null }
export interface AgentDetails {
  agent: {
    id: string; name: string; role: string | null; background: string | null; personalityTraits: string[]; likes: string[]; dislikes: string[];
    primaryGoal: string | null; secondaryGoals: string[]; mood: string | null; energy: number; location: string | null; activity: string | null;
  };
  plan: { day: number | null; goal: string; status: string; currentStep: number; steps: unknown } | null;
  relationships: { otherType: string; otherId: string; otherName: string; type: string; affection: number; trust: number; interactions: number; description: string | null; summary: string | null }[];
  memories: { recent: Memory[]; important: Memory[] };
  reflections: { id: string; text: string; gameTime: number; evidence: { id: string; content: string }[] }[];
  /** "hidden" for everyone but admins: players' lines, sightings of players and relationships with them are left out. */
  playerData: "shown" | "hidden";
  llm: Usage & { recentCalls?: { id: string; purpose: string; model: string; status: string; error: string | null; tokensIn: number; tokensOut: number; latencyMs: number; costUsd: number; at: string }[] };
}

/** GET /api/worlds/:worldId/agents/:agentId/recall (admins): memories best first, as the engine ranks them. */
export interface Recall {
  agent: string;
  query: string;
  memories: { id: number; content: string; type: string; score: number; components: { recency: number; importance: number; emotion: number; relevance: number } }[];
}
