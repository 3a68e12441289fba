import { describe, expect, it } from "vitest";
import type { AgentProfile } from "../../../agents/cognition/profile.ts";
import { react, type ReactionContext } from "../../../agents/cognition/react.ts";
import { npcTurnTask } from "../../../agents/conversation/npc-turn-task.ts";
import { replyTask } from "../../../agents/conversation/reply-task.ts";
import { STRANGER } from "../../../db/repositories/relationship-repository.ts";

const rosa: AgentProfile = {
  id: "rosa",
  name: "Rosa",
  role: "baker",
  constitution: "You are Rosa, the baker.",
  personalityTraits: ["friendly"],
  likes: [],
  dislikes: [],
  primaryGoal: null,
  secondaryGoals: [],
  background: null,
  routine: [],
  relationships: {},
};

const noticing = (energy?: number): ReactionContext => ({
  profile: rosa,
  activity: "bake bread",
  location: "bakery",
  observation: "Tess is nearby",
  subject: { kind: "player", id: "p1", name: "Tess" },
  relationship: null,
  memories: [],
  gameMinuteOfDay: 10 * 60,
  mood: energy !== undefined && energy <= 15 ? "exhausted" : "cheerful",
  energy,
});

const text = (messages: { content: string }[]) => messages.map((message) => message.content).join("\n");

describe("a tired mind", () => {
  it("does not stop for a newcomer when exhausted, though it would when rested", () => {
    expect(react.offline(noticing(80))).toMatchObject({ react: true, activity: "greeting Tess" });
    expect(react.offline(noticing(10))).toEqual({ react: false, reason: "too exhausted to stop for anyone" });
  });

  it("is told its mood and energy when reacting, replying to a player and talking with an agent", () => {
    expect(text(react.prompt(noticing(10)))).toContain("You are baking bread at the bakery, feeling exhausted (energy 10/100).");
    const reply = replyTask.prompt({
      profile: rosa,
      activity: "bake bread",
      location: "bakery",
      mood: "tired",
      energy: 23.4,
      player: { id: "c1", name: "Tess" },
      relationship: STRANGER,
      pastConversations: [],
      memories: [],
      heard: [],
      news: [],
      turns: [],
      playerLine: "Hello!",
      locations: ["bakery"],
      gameMinuteOfDay: 20 * 60,
      plan: [],
      people: [],
      saidToday: [],
    });
    expect(text(reply)).toContain("feeling tired (energy 23/100).");
    const turn = npcTurnTask.prompt({
      profile: rosa,
      partner: { id: "mara", name: "Mara" },
      relationship: STRANGER,
      activity: "bake bread",
      memories: [],
      news: [],
      transcript: [],
      turnsLeft: 4,
      gameMinuteOfDay: 20 * 60,
      mood: "upset",
      energy: 60,
    });
    expect(text(turn)).toContain("you were baking bread, feeling upset (energy 60/100).");
  });
});
