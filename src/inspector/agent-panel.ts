import { api, type AgentDetails, type Memory } from "./api.ts";
import { el } from "./dom.ts";
import { clockLabel, formatGameTime, minuteOfDayOf } from "../shared-kernel/game-time.ts";
import { RecallBox } from "./recall-box.ts";
import type { AgentEntity } from "./world-connection.ts";

const REFRESH_MS = 4000;

interface PlanBlock { startMinute: number; activity: string; location: string | null }

/** Everything about one agent: live state from the room, mind from the read-only API (refreshed while shown). */
export class AgentPanel {
  private agentId: string | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Who the agent is and what is on its mind, replaced on every refresh; the recall box between them keeps what is being typed. */
  private readonly identity = el("div");
  private readonly mind = el("div");
  private readonly recall: RecallBox;

  constructor(
    root: HTMLElement,
    private readonly worldId: string,
    private readonly live: (agentId: string) => AgentEntity | undefined,
    private readonly gameTime: () => number,
  ) {
    this.recall = new RecallBox(worldId);
    this.identity.append(el("p", { class: "muted" }, "Click an agent on the map to see who they are, what they plan, feel and remember."));
    root.append(this.identity, this.recall.element, this.mind);
  }

  show(agentId: string): void {
    this.agentId = agentId;
    clearInterval(this.timer);
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  async refresh(): Promise<void> {
    const agentId = this.agentId;
    if (!agentId) return;
    try {
      const details = await api<AgentDetails>(`/api/worlds/${encodeURIComponent(this.worldId)}/agents/${encodeURIComponent(agentId)}`);
      if (agentId !== this.agentId) return;
      this.identity.replaceChildren(...present(this.who(details)));
      this.mind.replaceChildren(...present(this.thoughts(details)));
      // The API shows players' data to admins only, checking the account's current role on each call.
      this.recall.show(agentId, details.playerData === "shown");
    } catch (error) {
      this.identity.replaceChildren(el("p", { class: "muted" }, `Could not load ${agentId}: ${(error as Error).message}`));
      this.mind.replaceChildren();
    }
  }

  private who({ agent }: AgentDetails): (Node | null)[] {
    const live = this.live(agent.id);
    return [
      el("h2", { "data-testid": "agent-name" }, agent.name, agent.role ? el("span", { class: "muted" }, ` · ${agent.role}`) : null),
      el("p", {}, el("strong", {}, live?.activity ?? agent.activity ?? "idle"), el("span", { class: "muted" }, ` at ${live?.location ?? agent.location ?? "?"}`)),
      el("dl", { class: "stats" },
        el("dt", {}, "Mood"), el("dd", { "data-testid": "agent-mood" }, live?.mood || agent.mood || "—"),
        el("dt", {}, "Energy"), el("dd", { "data-testid": "agent-energy" }, bar("", live?.energy ?? agent.energy, 0, 100))),
      agent.primaryGoal ? el("p", { class: "small" }, el("span", { class: "muted" }, "Goal: "), agent.primaryGoal) : null,
      agent.personalityTraits.length ? el("p", { class: "small muted" }, agent.personalityTraits.join(" · ")) : null,
    ];
  }

  private thoughts(details: AgentDetails): (Node | null)[] {
    return [
      ...this.plan(details.plan),
      el("h3", {}, "Relationships"),
      details.relationships.length
        ? el("ul", { class: "plain" }, ...details.relationships.map((r) =>
            el("li", {}, el("div", {}, el("strong", {}, r.otherName), el("span", { class: "muted small" }, ` ${r.type} · ${r.interactions} talks`)),
              bar("affection", r.affection, -100, 100), bar("trust", r.trust, 0, 100),
              r.description ? el("div", { class: "small" }, r.description) : null,
              r.summary ? el("div", { class: "small muted" }, `Last time: ${r.summary}`) : null)))
        : el("p", { class: "muted small" }, "Knows nobody yet."),
      el("h3", {}, "Recent memories"),
      details.playerData === "hidden"
        ? el("p", { class: "muted small", "data-testid": "player-data-hidden" }, "What players said or did, and where they were, is shown to admins only.")
        : null,
      memories(details.memories.recent, "recent-memories"),
      el("h3", {}, "Most important memories"),
      memories(details.memories.important, "important-memories"),
      el("h3", {}, "Reflections"),
      details.reflections.length
        ? el("ul", { class: "plain" }, ...details.reflections.map((r) =>
            el("li", {}, r.text, el("span", { class: "muted small" }, ` · ${formatGameTime(r.gameTime)}`),
              el("ul", { class: "evidence" }, ...r.evidence.map((m) => el("li", {}, m.content))))))
        : el("p", { class: "muted small" }, "No reflections yet."),
      ...llm(details.llm),
    ];
  }

  private plan(plan: AgentDetails["plan"]): Node[] {
    if (!plan) return [el("h3", {}, "Plan for today"), el("p", { class: "muted small" }, "No plan yet: follows the designer's schedule.")];
    const blocks = ((plan.steps as { blocks?: PlanBlock[] } | null)?.blocks ?? []).slice().sort((a, b) => a.startMinute - b.startMinute);
    const minute = minuteOfDayOf(this.gameTime());
    const current = blocks.filter((block) => block.startMinute <= minute).at(-1);
    return [
      el("h3", {}, `Plan for ${plan.day ? `day ${plan.day}` : plan.goal}`),
      el("ul", { class: "plain plan" }, ...blocks.map((block) =>
        el("li", block === current ? { class: "now" } : {}, el("span", { class: "score" }, clockLabel(block.startMinute)), block.activity, block.location ? el("span", { class: "muted" }, ` @ ${block.location}`) : null))),
    ];
  }
}

function present(nodes: (Node | null)[]): Node[] {
  return nodes.filter((node): node is Node => node !== null);
}

function memories(list: Memory[], testId: string): Node {
  if (list.length === 0) return el("p", { class: "muted small" }, "Remembers nothing yet.");
  return el("ul", { class: "plain", "data-testid": testId }, ...list.map((m) =>
    el("li", { title: `${m.type} · ${formatGameTime(m.gameTime)} · recalled ${m.accessCount}×` },
      el("span", { class: "score", title: "importance (0-10)" }, m.importance.toFixed(1)),
      el("span", { class: "score", title: "emotional relevance (0-1)" }, m.emotionalRelevance.toFixed(2)),
      m.content)));
}

function llm(usage: AgentDetails["llm"]): Node[] {
  const nodes: Node[] = [
    el("h3", {}, "LLM calls"),
    el("dl", { class: "stats" },
      el("dt", {}, "Calls"), el("dd", {}, `${usage.calls}${usage.failed ? ` (${usage.failed} not ok)` : ""}`),
      el("dt", {}, "Tokens"), el("dd", {}, `${usage.tokensIn} in · ${usage.tokensOut} out`),
      el("dt", {}, "Cost"), el("dd", {}, `$${usage.costUsd.toFixed(4)}`)),
  ];
  if (usage.recentCalls) {
    nodes.push(el("table", {}, el("tr", {}, el("th", {}, "purpose"), el("th", {}, "status"), el("th", {}, "tokens"), el("th", {}, "ms")),
      ...usage.recentCalls.map((call) => el("tr", { title: call.error ?? call.model }, el("td", {}, call.purpose), el("td", {}, call.status), el("td", {}, call.tokensIn + call.tokensOut), el("td", {}, call.latencyMs)))));
  } else {
    nodes.push(el("p", { class: "muted small" }, "Log in as an admin to see each call."));
  }
  return nodes;
}

function bar(label: string, value: number, min: number, max: number): HTMLElement {
  // Bars of signed scales grow from the middle, so dislike reads as red to the left.
  const zero = min < 0 ? 50 : 0;
  const at = ((value - min) / (max - min)) * 100;
  const left = Math.min(zero, at);
  const fill = el("div", { class: `fill${value < 0 ? " negative" : ""}` });
  // Through the CSSOM: the page's Content-Security-Policy (style-src 'self') drops style attributes.
  fill.style.left = `${left}%`;
  fill.style.width = `${Math.abs(at - zero)}%`;
  return el("div", { class: "bar", role: "meter", "aria-label": label || "value", "aria-valuenow": String(value), "aria-valuemin": String(min), "aria-valuemax": String(max) },
    el("span", { class: "muted" }, label), el("div", { class: "track" }, fill), el("span", {}, value));
}
