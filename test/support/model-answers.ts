import type { RecordedRequest } from "./fake-openai-server.ts";

/**
 * What a well-behaved model answers for each of the engine's tasks, chosen by the structured-output
 * schema name the provider sends. Marked "(model)" so tests can tell model answers from offline ones.
 */
export function modelAnswerFor(request: RecordedRequest): object {
  const body = request.body as { response_format?: { json_schema?: { name?: string } }; messages?: { content: string }[] } | undefined;
  const prompt = (body?.messages ?? []).map((message) => message.content).join("\n");
  const ids = [...prompt.matchAll(/\[(\d+)\]/g)].map((match) => match[1]!);
  switch (body?.response_format?.json_schema?.name) {
    case "day_plan":
      return { strokes: ["6:00 wake up (model)", "8:00 work hard (model)", "12:00 lunch with friends (model)", "18:00 walk in the square (model)", "21:00 sleep (model)"] };
    case "hour_blocks":
      return { blocks: [{ start: "6:00", activity: "wake up (model)", location: null }, { start: "8:00", activity: "work hard (model)", location: null }, { start: "12:00", activity: "lunch (model)", location: "tavern" }, { start: "18:00", activity: "evening walk (model)", location: "town_square" }, { start: "21:00", activity: "sleep (model)", location: null }] };
    case "block_actions":
      return { actions: [{ minute: 0, activity: "get started (model)", location: null }, { minute: 10, activity: "keep at it (model)", location: null }] };
    case "importance_ratings":
      return { ratings: Array.from({ length: 20 }, (_, index) => ({ index, importance: 4 })) };
    case "reaction":
      return { react: true, activity: "waving hello (model)", reason: "friendly" };
    case "reflection_questions":
      return { questions: ["What matters most to me lately (model)?"] };
    case "reflection_insights":
      return { insights: [{ insight: "I am settling into a good rhythm (model).", evidence: ids.slice(0, 2) }] };
    case "night_review":
      return { summary: "A full day (model).", performance_evaluation: "Good progress (model).", strategy_adjustments: [], goal_modifications: [], tomorrow_focus: "the same (model)" };
    case "consolidation":
      return { summary: "Many small things happened (model)." };
    case "conversation_turn":
      return { line: "Lovely weather for it (model).", end: /last line/.test(prompt), shares: /News you could pass on/.test(prompt) ? 1 : 0 };
    case "relationship_judgement":
      return { summary: "We talked about the weather (model).", affectionChange: 40, trustChange: 3, type: "friend", reason: "Pleasant company (model)." };
    default:
      return {};
  }
}
