import { api, type Recall } from "./api.ts";
import { el } from "./dom.ts";

const RECALL_K = 10;

/**
 * "Ask their memory" (admins): a question in, the memories the agent would recall for it out, ranked as
 * the engine ranks them, each with its component scores. Asking does not mark anything recalled.
 * Lives outside the panel's refreshed part, so a question being typed survives the refresh.
 */
export class RecallBox {
  readonly element: HTMLElement;
  private readonly input = el("input", { name: "q", maxlength: "500", autocomplete: "off", placeholder: "e.g. What happened at the festival?", "aria-label": "question to recall for" });
  private readonly results = el("div", { "data-testid": "recall-results" });
  private agentId: string | undefined;

  constructor(private readonly worldId: string) {
    const form = el("form", { class: "inline recall" }, this.input, el("button", { type: "submit" }, "Recall"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.ask();
    });
    this.element = el("section", { "data-testid": "recall", hidden: "" },
      el("h3", {}, "Ask their memory"),
      el("p", { class: "muted small" }, "What this agent would recall for a question, best first, scored as the engine scores it."),
      form, this.results);
  }

  /** Only admins may ask; another agent starts with an empty box. */
  show(agentId: string, admin: boolean): void {
    if (agentId !== this.agentId) {
      this.agentId = agentId;
      this.input.value = "";
      this.results.replaceChildren();
    }
    this.element.hidden = !admin;
  }

  private async ask(): Promise<void> {
    const agentId = this.agentId;
    const question = this.input.value.trim();
    if (!agentId || !question) return;
    this.results.replaceChildren(el("p", { class: "muted small" }, "Recalling…"));
    try {
      const path = `/api/worlds/${encodeURIComponent(this.worldId)}/agents/${encodeURIComponent(agentId)}/recall?q=${encodeURIComponent(question)}&k=${RECALL_K}`;
      const recall = await api<Recall>(path);
      if (agentId === this.agentId) this.results.replaceChildren(render(recall));
    } catch (error) {
      this.results.replaceChildren(el("p", { class: "muted small" }, `Could not recall: ${(error as Error).message}`));
    }
  }
}

function render(recall: Recall): Node {
  if (recall.memories.length === 0) return el("p", { class: "muted small" }, "Remembers nothing yet.");
  return el("ol", { class: "plain recalled" }, ...recall.memories.map((memory) => {
    const { recency, importance, emotion, relevance } = memory.components;
    return el("li", { title: `${memory.type} · memory ${memory.id}` },
      el("span", { class: "score", title: "score (weighted sum of the components)" }, memory.score.toFixed(2)),
      memory.content,
      el("div", { class: "components small muted" },
        component("relevance", relevance), component("importance", importance), component("emotion", emotion), component("recency", recency)));
  }));
}

function component(name: string, value: number): HTMLElement {
  return el("span", { "data-component": name }, `${name} ${value.toFixed(2)}`);
}
