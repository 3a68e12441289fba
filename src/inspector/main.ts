import { AgentPanel } from "./agent-panel.ts";
import { api, savedToken, type WorldInfo } from "./api.ts";
import { ChatPanel } from "./chat-panel.ts";
import { byId, el } from "./dom.ts";
import { formatGameTime } from "../shared-kernel/game-time.ts";
import { LocalClock } from "./local-clock.ts";
import { loginForm } from "./login-form.ts";
import { MapView } from "./map-view.ts";
import { joinWorld } from "./world-connection.ts";
import { WorldPanel } from "./world-panel.ts";

async function start(): Promise<void> {
  const status = byId("connection");
  const { room, welcome } = await joinWorld();
  status.textContent = "connected";
  status.className = "status ok";
  room.onLeave((code) => {
    status.textContent = `disconnected (${code}); reload to rejoin`;
    status.className = "status bad";
  });
  room.onDrop(() => ((status.textContent = "reconnecting…"), (status.className = "status bad")));
  room.onReconnect(() => ((status.textContent = "connected"), (status.className = "status ok")));
  void welcome.then((w) => (byId("viewer").textContent = `${w.name} · ${w.role}`));

  const worldId = await waitForWorldId(() => room.state);
  const world = await api<WorldInfo>(`/api/worlds/${encodeURIComponent(worldId)}`);
  byId("world-name").textContent = world.name;
  document.title = `${world.name} · Living World inspector`;

  const clock = new LocalClock();
  setInterval(() => {
    clock.update(room.state.gameTime, room.state.clockSpeed);
    byId("clock").textContent = `${formatGameTime(clock.now())}${room.state.clockSpeed === 0 ? " (paused)" : ""}`;
  }, 250);

  const agentPanel = new AgentPanel(byId("agent-panel"), world.id, (id) => room.state.agents.get(id), () => clock.now());
  const chat = new ChatPanel(room, world.conversations.talkRange);
  new WorldPanel(byId("world-panel"), world.id, () => room.state.clockSpeed);
  const map = new MapView(byId<HTMLCanvasElement>("map"), world, () => room.state, () => room.sessionId, {
    onSelectAgent(agentId) {
      map.select(agentId);
      chat.talkTo(agentId);
      showTab("agent");
      agentPanel.show(agentId);
    },
    onMoveTo(tile) {
      room.send("move_to", tile);
    },
  });
  // Tools and tests find where an agent is drawn (the canvas has no DOM per agent).
  (window as unknown as { inspector: unknown }).inspector = {
    screenPositionOf: (id: string) => map.screenPositionOf(id),
    screenPositionOfTile: (x: number, y: number) => map.screenPositionOfTile(x, y),
  };

  for (const tab of ["agent", "world"] as const) byId(`tab-${tab}`).addEventListener("click", () => showTab(tab));
}

function showTab(tab: "agent" | "world"): void {
  for (const name of ["agent", "world"]) {
    byId(`tab-${name}`).setAttribute("aria-selected", String(name === tab));
    byId(`${name}-panel`).hidden = name !== tab;
  }
}

/** The first full state arrives just after joining. */
function waitForWorldId(state: () => { worldId?: string } | undefined): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      const worldId = state()?.worldId;
      if (worldId) resolve(worldId);
      else setTimeout(check, 20);
    };
    check();
  });
}

start().catch((error: Error) => {
  const status = byId("connection");
  status.textContent = "could not join";
  status.className = "status bad";
  // Where guests are not allowed (production) an account is needed before anything can be seen.
  const notice = el("p", { class: "small" }, `${error.message}. `, savedToken() ? "Log in again:" : "Log in with an account:");
  byId("agent-panel").replaceChildren(notice, loginForm((message) => (notice.textContent = message)));
});
