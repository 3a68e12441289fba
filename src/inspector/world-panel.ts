import { api, saveToken, savedToken, type WorldSummary } from "./api.ts";
import { loginForm } from "./login-form.ts";
import { el } from "./dom.ts";

const REFRESH_MS = 5000;

/** World health at a glance (LLM rate, tokens, cost, tick p99, clients), logging in, and admins' clock controls. */
export class WorldPanel {
  private readonly stats = el("dl", { class: "stats", "data-testid": "world-stats" });
  private readonly account = el("div");
  private readonly controls = el("div");
  private readonly notice = el("p", { class: "small muted" });
  private role: WorldSummary["viewer"]["role"] | undefined;

  constructor(
    root: HTMLElement,
    private readonly worldId: string,
    /** The room's clock speed: live, where the API's is the last one written to the database. */
    private readonly clockSpeed: () => number,
  ) {
    root.append(el("h3", {}, "World"), this.stats, el("h3", {}, "Account"), this.account, this.controls, this.notice);
    void this.refresh();
    setInterval(() => void this.refresh(), REFRESH_MS);
  }

  private async refresh(): Promise<void> {
    try {
      const summary = await api<WorldSummary>(`/api/worlds/${encodeURIComponent(this.worldId)}/summary`);
      this.renderStats(summary);
      if (summary.viewer.role !== this.role) {
        this.role = summary.viewer.role;
        this.renderAccount(summary.viewer);
        this.renderControls(summary.viewer.role === "admin");
      }
    } catch (error) {
      this.notice.textContent = `Could not load the world summary: ${(error as Error).message}`;
    }
  }

  private renderStats(summary: WorldSummary): void {
    const { llm } = summary;
    const row = (name: string, value: string) => [el("dt", {}, name), el("dd", {}, value)];
    this.stats.replaceChildren(
      ...row("LLM calls/min", String(llm.callsPerMinute)),
      ...row("Tokens (last game hour)", `${llm.lastGameHour.tokensIn} in · ${llm.lastGameHour.tokensOut} out`),
      ...row("Tokens (total)", `${llm.total.tokensIn + llm.total.tokensOut}`),
      ...row("Cost per game hour", `$${llm.costPerGameHourUsd.toFixed(4)}`),
      ...row("Cost (total)", `$${llm.total.costUsd.toFixed(4)}`),
      ...row("Tick p99", summary.tickP99AboveMs !== undefined ? `> ${summary.tickP99AboveMs} ms` : summary.tickP99Ms === null ? "—" : `≤ ${summary.tickP99Ms} ms`),
      ...row("Clients", String(summary.clients)),
      ...row("Clock speed", this.clockSpeed() === 0 ? "paused" : `${this.clockSpeed()} game s per s`),
    );
  }

  private renderAccount(viewer: WorldSummary["viewer"]): void {
    if (viewer.username) {
      const logout = el("button", { type: "button" }, "Log out");
      logout.addEventListener("click", () => {
        saveToken(undefined);
        location.reload();
      });
      this.account.replaceChildren(el("p", { class: "small" }, `Logged in as ${viewer.username} (${viewer.role}). `, logout));
      return;
    }
    const form = loginForm((message) => (this.notice.textContent = message));
    this.account.replaceChildren(el("p", { class: "small muted" }, "Watching as a guest. Admins log in for clock controls and per-call LLM details."), form);
  }

  private renderControls(admin: boolean): void {
    if (!admin || !savedToken()) return this.controls.replaceChildren();
    const speeds: [string, number][] = [["Pause", 0], ["1×", 60], ["10×", 600], ["60×", 3600]];
    const buttons = speeds.map(([label, speed]) => {
      const button = el("button", { type: "button" }, label);
      button.addEventListener("click", () => void this.setClock({ speed }));
      return button;
    });
    const day = el("input", { type: "number", min: "1", placeholder: "day", size: "3", "aria-label": "day" });
    const time = el("input", { placeholder: "H:MM", size: "5", "aria-label": "time" });
    const jump = el("form", { class: "inline" }, day, time, el("button", { type: "submit" }, "Set time"));
    jump.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.setClock({ ...(day.value ? { day: Number(day.value) } : {}), ...(time.value ? { time: time.value } : {}) });
    });
    this.controls.replaceChildren(el("h3", {}, "Time (admin)"), el("div", { class: "inline" }, ...buttons), jump);
  }

  private async setClock(body: Record<string, unknown>): Promise<void> {
    try {
      await api(`/admin/worlds/${encodeURIComponent(this.worldId)}/clock`, { method: "POST", body });
      this.notice.textContent = "Clock changed.";
      void this.refresh();
    } catch (error) {
      this.notice.textContent = `Clock not changed: ${(error as Error).message}`;
    }
  }
}
