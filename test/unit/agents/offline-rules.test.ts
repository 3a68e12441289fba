import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AgentProfile } from "../../../agents/cognition/profile.ts";
import { consolidate, nightlyReview } from "../../../agents/cognition/nightly.ts";
import { planActions } from "../../../agents/cognition/plan-actions.ts";
import { planDay } from "../../../agents/cognition/plan-day.ts";
import { cleanBlocks, planHours } from "../../../agents/cognition/plan-hours.ts";
import { rateImportance } from "../../../agents/cognition/rate-importance.ts";
import { react } from "../../../agents/cognition/react.ts";
import { reflectionInsights, reflectionQuestions } from "../../../agents/cognition/reflect.ts";
import { collectAgentFiles, readAgentFiles } from "../../../src/content/agent-files.ts";
import { toAgentRecord } from "../../../src/content/agent-records.ts";
import { clockTimeToMinutes } from "../../../src/content/identifiers.ts";

let profiles: AgentProfile[];
const locations = ["blacksmith_shop", "general_store", "bakery", "tavern", "town_square"];

beforeAll(async () => {
  const { files } = await collectAgentFiles([path.resolve("worlds/heartwood/agents")]);
  const { agents } = await readAgentFiles(files);
  profiles = agents.map(({ agent }) => {
    const record = toAgentRecord(agent);
    return {
      id: agent.id,
      name: agent.name,
      role: agent.role ?? null,
      constitution: agent.constitution,
      personalityTraits: agent.personality_traits,
      likes: agent.likes,
      dislikes: agent.dislikes,
      primaryGoal: agent.primary_goal ?? null,
      secondaryGoals: agent.secondary_goals,
      background: agent.background ?? null,
      routine: record.schedule.map((slot) => ({ startMinute: clockTimeToMinutes(slot.start_time), activity: slot.activity, location: slot.location })),
      relationships: Object.fromEntries(record.relationships.map((r) => [r.other_agent_id, `${r.relationship_type}: ${r.description ?? ""}`])),
    };
  });
});

describe("the offline mind", () => {
  it("answers every task in the same shape a model must, for every sample agent", () => {
    expect(profiles).toHaveLength(12);
    for (const profile of profiles) {
      const memories = [
        { id: "1", content: "Marcus is nearby, organizing inventory" },
        { id: "2", content: "Tess said hello at the town square" },
        { id: "3", content: "Marcus asked about the harvest festival" },
      ];
      const day = planDay.offline({
        profile,
        day: 2,
        yesterday: null,
        memories: [],
        news: ["Marcus said the harvest festival is on Friday"],
        promises: [{ startMinute: 15 * 60, activity: "meeting Tess", location: "town_square" }],
        ties: [{ name: "Marcus", affection: 60, description: "Marcus is your friend." }],
        goalChanges: ["make peace with Tess"],
      });
      expect(planDay.schema.safeParse(day).success, profile.id).toBe(true);
      const hours = planHours.offline({ profile, strokes: day.strokes, locations });
      expect(planHours.schema.safeParse(hours).success, profile.id).toBe(true);
      const block = { startMinute: 8 * 60, endMinute: 9 * 60, activity: "open shop, light forge", location: "blacksmith_shop" };
      expect(planActions.schema.safeParse(planActions.offline({ profile, block, memories: [], locations })).success).toBe(true);
      expect(rateImportance.schema.safeParse(rateImportance.offline({ profile, memories: memories.map((m, index) => ({ index, content: m.content, type: "observation" })) })).success).toBe(true);
      const reaction = react.offline({ profile, activity: "working", location: null, observation: "Tess is nearby", subject: { kind: "player", id: "p1", name: "Tess" }, relationship: null, memories: [], gameMinuteOfDay: 600 });
      expect(react.schema.safeParse(reaction).success).toBe(true);
      const questions = reflectionQuestions.offline({ profile, recent: memories, places: locations });
      expect(reflectionQuestions.schema.safeParse(questions).success).toBe(true);
      const insights = reflectionInsights.offline({ profile, questions: questions.questions.map((question) => ({ question, memories })) });
      expect(reflectionInsights.schema.safeParse(insights).success).toBe(true);
      expect(nightlyReview.schema.safeParse(nightlyReview.offline({ profile, day: 2, plan: day.strokes, highlights: memories, feelings: [] })).success).toBe(true);
      expect(consolidate.schema.safeParse(consolidate.offline({ profile, observations: memories })).success).toBe(true);
    }
  });

  it("keeps to the designer's routine when planning, so agents behave as without any model", () => {
    const elara = profiles.find((profile) => profile.id === "elara_blacksmith")!;
    const blocks = cleanBlocks(planHours.offline({ profile: elara, strokes: [], locations: [] }).blocks, elara.routine.flatMap((slot) => (slot.location ? [slot.location] : [])));
    expect(blocks).toEqual(elara.routine);
  });

  it("plans the day with the meetings it promised, at their times, and an evening visit to its closest friend", () => {
    const elara = profiles.find((profile) => profile.id === "elara_blacksmith")!;
    const context = { profile: elara, day: 2, yesterday: null, memories: [], news: [], goalChanges: [] };
    const strained = { name: "Garrick", affection: -50, description: "Garrick is your rival." };
    const { strokes } = planDay.offline({
      ...context,
      promises: [{ startMinute: 15 * 60 + 30, activity: "meeting Tess", location: "town_square" }],
      ties: [strained, { name: "Marcus", affection: 30, description: "Marcus is your friend." }, { name: "Nell", affection: 70, description: "Nell is your friend." }],
    });
    expect(strokes).toContain("15:30 meeting Tess at the town square");
    // The routine's places are said once: "lunch at the tavern" at the tavern is not "at the tavern at the tavern".
    expect(strokes.join("\n")).not.toMatch(/at the (\w+)[^\n]* at the \1\b/);
    expect(strokes).toContain("18:00 look in on Nell");
    expect(strokes.join("\n")).not.toMatch(/Garrick|Marcus/);
    const minutes = strokes.map((stroke) => clockTimeToMinutes(stroke.split(" ")[0]!));
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    // Nothing promised and nobody close: the designer's routine, as before.
    expect(planDay.offline({ ...context, promises: [], ties: [strained] }).strokes).toHaveLength(Math.min(10, Math.max(3, elara.routine.length)));
  });

  it("splits a block written as a list into separate 5-15 minute actions", () => {
    const block = { startMinute: 8 * 60, endMinute: 9 * 60, activity: "open shop, light forge, sort orders", location: "blacksmith_shop" };
    expect(planActions.offline({ profile: profiles[0]!, block, memories: [], locations }).actions).toEqual([
      { minute: 0, activity: "open shop", location: "blacksmith_shop" },
      { minute: 15, activity: "light forge", location: "blacksmith_shop" },
      { minute: 30, activity: "sort orders", location: "blacksmith_shop" },
    ]);
  });

  it("reflects on who comes up most, citing the memories as evidence", () => {
    const recent = [
      { id: "10", content: "Marcus is nearby, organizing inventory" },
      { id: "11", content: "Marcus asked about the harvest festival" },
      { id: "12", content: "Rosa is nearby, baking bread" },
    ];
    const { questions } = reflectionQuestions.offline({ profile: profiles[0]!, recent, places: locations });
    expect(questions[0]).toBe("What do I think about Marcus?");
    const { insights } = reflectionInsights.offline({ profile: profiles[0]!, questions: [{ question: questions[0]!, memories: recent.slice(0, 2) }] });
    expect(insights).toEqual([{ insight: "I keep noticing Marcus: Marcus is nearby, organizing inventory, and more like it.", evidence: ["10", "11"] }]);
  });

  it("reflects on people, places and events, never on the word a quoted line opens with", () => {
    const recent = [
      { id: "20", content: 'Ann said to me: "Hello, Thanks for the bread yesterday."' },
      { id: "21", content: 'Ann said to me: "Well, the harvest festival is on Friday at the town square."' },
      { id: "22", content: 'Tess said to me: "Hello! Have you seen Marcus at the tavern?"' },
      { id: "23", content: 'Marcus said to me: "Thanks, Elara. Well, see you at the harvest festival."' },
      { id: "24", content: "I talked with Tess about the harvest festival." },
      { id: "25", content: "There was a crowd. It was loud. Everyone said so." },
    ];
    const { questions } = reflectionQuestions.offline({ profile: profiles[0]!, recent, places: locations });
    expect(questions).toHaveLength(3);
    expect(questions.join(" ")).not.toMatch(/\b(Hello|Thanks|Well|Have|I)\?/);
    for (const question of questions) expect(question).toMatch(/^What do I think about (Ann|Tess|Marcus|the harvest festival|the tavern|the town square)\?$/);
    expect(questions).toContain("What do I think about Marcus?");
    expect(questions).toContain("What do I think about the harvest festival?");
    const { insights } = reflectionInsights.offline({ profile: profiles[0]!, questions: [{ question: "What do I think about the harvest festival?", memories: recent.slice(1, 2) }] });
    expect(insights[0]!.insight).toMatch(/^I keep noticing the harvest festival: /);
  });

  it("rates dramatic events above routine ones", () => {
    const profile = profiles[0]!;
    const { ratings } = rateImportance.offline({
      profile,
      memories: [
        { index: 0, content: "Marcus is nearby, walking to bakery", type: "observation" },
        { index: 1, content: "Tess told me a secret about the fire at the mill", type: "conversation" },
      ],
    });
    expect(ratings[0]!.importance).toBeLessThan(ratings[1]!.importance);
    expect(ratings[1]!.importance).toBeGreaterThanOrEqual(8);
  });
});
