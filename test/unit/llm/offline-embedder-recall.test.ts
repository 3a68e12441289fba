import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { offlineEmbedderNamed } from "../../../src/llm/offline-embedder.ts";
import { PLANTED_FACTS as FACTS } from "./planted-facts.ts";

/** Every sentence of heartwood's agent files (memories, backgrounds, schedules, plans...): the village's own talk, as distractors. */
function heartwoodSentences(): string[] {
  const directory = join(import.meta.dirname, "../../../worlds/heartwood/agents");
  const sentences = (value: unknown): string[] => {
    if (typeof value === "string") return value.split(/(?<=[.!?])\s+/).filter((sentence) => sentence.split(" ").length >= 4);
    if (Array.isArray(value)) return value.flatMap(sentences);
    return value && typeof value === "object" ? Object.values(value).flatMap(sentences) : [];
  };
  return readdirSync(directory).flatMap((file) => {
    const { id: _id, $schema: _schema, ...agent } = JSON.parse(readFileSync(join(directory, file), "utf8")) as Record<string, unknown>;
    return sentences(agent);
  });
}

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);

async function recallAt3(embedderName: string, kind: "paraphrase" | "sharedWord"): Promise<number> {
  const embedder = offlineEmbedderNamed(embedderName);
  const memories = await embedder.embed([...FACTS.map(({ fact }) => fact), ...heartwoodSentences()]);
  const questions = await embedder.embed(FACTS.map((fact) => fact[kind]));
  const found = questions.filter((question, index) => {
    const similarities = memories.map((memory) => cosine(question, memory));
    return similarities.filter((similarity) => similarity > (similarities[index] as number)).length < 3;
  });
  return found.length / FACTS.length;
}

describe("recall of planted facts among heartwood's sentences, by cosine alone", () => {
  it("finds paraphrased facts with word vectors, where word hashing finds almost none", async () => {
    expect(heartwoodSentences().length).toBeGreaterThan(300);
    expect(await recallAt3("local-hash-1024", "paraphrase")).toBeLessThanOrEqual(1 / 12);
    // Half the cosine's weight on shared words (0.3 of it) costs some paraphrases here: 0.75 with 0.1 (wink-sg-100d-hash-256).
    expect(await recallAt3("wink-sg-100d-hash-1024", "paraphrase")).toBeGreaterThanOrEqual(0.5);
    expect(await recallAt3("wink-sg-100d-hash-256", "paraphrase")).toBeGreaterThanOrEqual(0.7);
  });

  it("finds facts asked about with their own words as well as word hashing does", async () => {
    const hashing = await recallAt3("local-hash-1024", "sharedWord");
    expect(await recallAt3("wink-sg-100d-hash-1024", "sharedWord")).toBeGreaterThanOrEqual(hashing);
  });
});
