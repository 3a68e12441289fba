import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { offlineEmbedderNamed } from "../../../src/llm/offline-embedder.ts";

/** Planted facts, a question that shares no content word with each, and one that shares a word. */
const FACTS: { fact: string; paraphrase: string; sharedWord: string }[] = [
  { fact: "The blacksmith repaired the broken sword at the forge", paraphrase: "Who mended the damaged blade?", sharedWord: "Who repaired the sword?" },
  { fact: "The harvest festival starts on Saturday in the square", paraphrase: "When is the autumn celebration?", sharedWord: "When is the harvest festival?" },
  { fact: "Marcus is running for mayor in the election", paraphrase: "Which candidate wants to lead the town council?", sharedWord: "Who is running in the election?" },
  { fact: "The baker's oven caught fire this morning", paraphrase: "Was there a blaze at the bakery?", sharedWord: "What caught fire?" },
  { fact: "A wolf was spotted near the eastern farms", paraphrase: "Have wild animals been seen by the fields?", sharedWord: "Where was the wolf spotted?" },
  { fact: "The river flooded the mill last night", paraphrase: "Did water damage the grain building?", sharedWord: "What did the river flood?" },
  { fact: "Nell lost her silver ring by the well", paraphrase: "Did someone misplace jewellery?", sharedWord: "What did Nell lose?" },
  { fact: "The doctor said the child has a fever", paraphrase: "Is the kid sick?", sharedWord: "Who has a fever?" },
  { fact: "Merchants raised the price of bread", paraphrase: "Is food getting more expensive?", sharedWord: "What happened to the price of bread?" },
  { fact: "The bridge to the north road collapsed", paraphrase: "Can travellers still cross toward the highway?", sharedWord: "What happened to the bridge?" },
  { fact: "Greta plans to marry the carpenter in spring", paraphrase: "Is there a wedding coming?", sharedWord: "Who will Greta marry?" },
  { fact: "Thieves broke into the tavern cellar", paraphrase: "Was the inn robbed?", sharedWord: "Who broke into the tavern?" },
];

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
    expect(await recallAt3("local-hash-256", "paraphrase")).toBeLessThanOrEqual(1 / 12);
    expect(await recallAt3("wink-sg-100d-hash-256", "paraphrase")).toBeGreaterThanOrEqual(0.7);
  });

  it("finds facts asked about with their own words as well as word hashing does", async () => {
    const hashing = await recallAt3("local-hash-256", "sharedWord");
    expect(await recallAt3("wink-sg-100d-hash-256", "sharedWord")).toBeGreaterThanOrEqual(hashing);
  });
});
