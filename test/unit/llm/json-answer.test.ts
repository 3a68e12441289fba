import { describe, expect, it } from "vitest";
import { z } from "zod";
import { extractJsonObject, parseAnswer } from "../../../src/llm/json-answer.ts";

const Mood = z.object({ mood: z.enum(["cheerful", "grumpy"]), intensity: z.number().min(0).max(1) });

describe("JSON answers from a model", () => {
  it("takes a bare JSON object as it is", () => {
    expect(extractJsonObject('{"mood":"cheerful"}')).toBe('{"mood":"cheerful"}');
  });

  it("finds the object inside ``` fences and chatter, as local servers send it", () => {
    const text = 'Sure! Here you go:\n```json\n{"mood": "grumpy", "intensity": 0.4}\n```\nAnything else?';
    expect(parseAnswer(text, Mood)).toEqual({ ok: true, value: { mood: "grumpy", intensity: 0.4 } });
  });

  it("is not fooled by braces inside strings", () => {
    expect(extractJsonObject('{"line": "a } b { c", "n": {"x": 1}} trailing }')).toBe('{"line": "a } b { c", "n": {"x": 1}}');
    expect(extractJsonObject('{"line": "say \\"}\\" please"}')).toBe('{"line": "say \\"}\\" please"}');
  });

  it("reports cut-off JSON, missing JSON, empty answers and schema mismatches as problems", () => {
    expect(parseAnswer('{"mood": "cheer', Mood)).toMatchObject({ ok: false, problem: expect.stringMatching(/no JSON object/) });
    expect(parseAnswer("I feel fine.", Mood)).toMatchObject({ ok: false, problem: expect.stringMatching(/no JSON object/) });
    expect(parseAnswer("", Mood)).toMatchObject({ ok: false, problem: expect.stringMatching(/empty/) });
    expect(parseAnswer(null, Mood)).toMatchObject({ ok: false });
    expect(parseAnswer('{"mood": "ecstatic", "intensity": 3}', Mood)).toMatchObject({ ok: false, problem: expect.stringMatching(/mood.*intensity/) });
  });

  it("reports JSON that does not parse", () => {
    expect(parseAnswer("{mood: cheerful}", Mood)).toMatchObject({ ok: false, problem: expect.stringMatching(/did not parse/) });
  });
});
