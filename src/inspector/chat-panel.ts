import type { Room } from "@colyseus/sdk";
import { byId, el } from "./dom.ts";
import type { ViewState } from "./world-connection.ts";

interface ChatMessage { conversationId: string; speakerId: string; speakerName: string; text: string; partial: boolean }
interface ErrorMessage { code: string; message: string; type?: string }

const MAX_LINES = 200;

/**
 * Talk to the selected agent (or whoever is nearest), watch its reply stream in, and overhear lines
 * spoken near you, NPC-NPC conversations included. A streamed reply grows in one line that the final
 * message replaces: the final text is authoritative (the content policy may have rewritten it).
 */
export class ChatPanel {
  private readonly log = byId<HTMLOListElement>("chat-log");
  private readonly input = byId<HTMLInputElement>("chat-input");
  private readonly label = byId("chat-target");
  private readonly streaming = new Map<string, HTMLLIElement>();
  private target: string | undefined;

  constructor(
    private readonly room: Room<ViewState>,
    private readonly talkRange: number,
  ) {
    byId<HTMLFormElement>("chat-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    room.onMessage("chat", (message: ChatMessage) => this.chat(message));
    room.onMessage("said", (message: { text: string }) => this.line(room.sessionId, "You", message.text, "mine"));
    room.onMessage("error", (message: ErrorMessage) => this.system(message.message));
    setInterval(() => this.updateLabel(), 500);
  }

  talkTo(agentId: string | undefined): void {
    this.target = agentId;
    this.updateLabel();
  }

  private send(): void {
    const text = this.input.value.trim();
    if (!text) return;
    const to = this.target && this.distanceTo(this.target) <= this.talkRange ? this.target : undefined;
    this.room.send("say", { text, ...(to ? { to } : {}), clientMessageId: crypto.randomUUID() });
    this.input.value = "";
  }

  private chat(message: ChatMessage): void {
    const key = `${message.conversationId}:${message.speakerId}`;
    const mine = message.speakerId === this.room.sessionId;
    if (mine) return; // our own line was shown when `said` confirmed it was stored
    let line = this.streaming.get(key);
    if (message.partial) {
      if (!line) {
        line = this.line(message.speakerId, message.speakerName, "", "");
        line.dataset.partial = "true";
        this.streaming.set(key, line);
      }
      line.querySelector(".text")!.append(message.text);
      this.scroll();
      return;
    }
    if (line) {
      this.streaming.delete(key);
      line.querySelector(".text")!.textContent = message.text;
      line.dataset.partial = "false";
      line.dataset.streamed = "true";
    } else {
      this.line(message.speakerId, message.speakerName, message.text, this.isReplyToMe(message) ? "" : "overheard");
    }
  }

  // A final line without partials was said to someone else, unless it names our open conversation.
  private isReplyToMe(message: ChatMessage): boolean {
    return [...this.streaming.keys()].some((key) => key.startsWith(`${message.conversationId}:`));
  }

  private line(speakerId: string, speakerName: string, text: string, kind: string): HTMLLIElement {
    const item = el("li", { class: kind, "data-speaker": speakerId }, el("span", { class: "who" }, speakerName), el("span", { class: "text" }, text));
    this.log.append(item);
    while (this.log.children.length > MAX_LINES) this.log.firstElementChild!.remove();
    this.scroll();
    return item;
  }

  private system(text: string): void {
    this.line("", "!", text, "system");
  }

  private scroll(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private distanceTo(agentId: string): number {
    const agent = this.room.state.agents.get(agentId);
    const me = this.room.state.players.get(this.room.sessionId);
    return agent && me ? Math.hypot(agent.x - me.x, agent.y - me.y) : Infinity;
  }

  private updateLabel(): void {
    const agent = this.target ? this.room.state.agents.get(this.target) : undefined;
    if (!agent) {
      this.label.textContent = "Say to whoever is near";
      return;
    }
    const distance = this.distanceTo(agent.id);
    this.label.textContent = distance <= this.talkRange ? `Say to ${agent.name}` : `${agent.name} is ${Math.round(distance)} tiles away (walk within ${this.talkRange}); say to whoever is near`;
  }
}
