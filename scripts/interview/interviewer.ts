import type pg from "pg";
import { z } from "zod";
import type { AgentEngine } from "../../agents/engine/agent-engine.ts";
import { createCharacter } from "../../db/repositories/character-repository.ts";
import { agentLineAfter } from "../../db/repositories/conversation-repository.ts";
import { forgetMemoriesOfPlayer } from "../../db/repositories/memory-maintenance-repository.ts";
import type { Question } from "./questions.ts";

/** An agent's answer as a player would get it, with the memories the reply was given (conversation_logs context). */
export interface Answer {
  agentId: string;
  question: Question;
  text: string;
  /** Ids of the memories the reply path recalled for it. */
  cited: string[];
  /** The interviewer's character id: memories of its own questions are no evidence for an answer. */
  interviewerId: string;
}

const ReplyContext = z.object({ memories: z.array(z.string()).default([]) });

/**
 * Asks one agent each question, one after another, as a guest player standing before it would: through
 * AgentEngine.playerSaid, the reply streamed and stored like any other. One interviewer per agent, so no
 * player's reply budget runs out. As in the paper, every question is put to the agent as the run left it:
 * the memories the interview itself leaves (each question heard, the conversation's summary) are taken out
 * again, so an answer never draws on an earlier question.
 */
export async function interview(pool: pg.Pool, worldId: string, engine: AgentEngine, agentId: string, questions: readonly Question[]): Promise<Answer[]> {
  const character = await createCharacter(pool, { userId: null, worldId, name: "Interviewer", x: 0, y: 0 });
  const player = { characterId: character.id, sessionId: `interviewer-${agentId}`, name: character.name };
  const answers: Answer[] = [];
  for (const question of questions) {
    const said = await engine.playerSaid(player, agentId, question.text);
    await engine.settle();
    const reply = await agentLineAfter(pool, said.conversationId, said.lineId);
    if (!reply) throw new Error(`${agentId} gave no answer to "${question.text}"`);
    answers.push({ agentId, question, text: reply.message, cited: ReplyContext.parse(reply.context).memories, interviewerId: character.id });
    await forgetMemoriesOfPlayer(pool, agentId, character.id);
  }
  engine.playerLeft(player.sessionId);
  await engine.settle();
  await forgetMemoriesOfPlayer(pool, agentId, character.id);
  return answers;
}
