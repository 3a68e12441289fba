import type { AgentProfile } from "../cognition/profile.ts";
import { inCharacterRefusal, LineChecker } from "./content-policy.ts";
import { ReplyGuard } from "./reply-guard.ts";
import type { ReplyIntent } from "./reply-intent.ts";
import { replyInstructions, replyTask, type ReplyContext } from "./reply-task.ts";
import { recordViolation, type SocialContext } from "./social-context.ts";

/**
 * The agent's answer to a player, streamed through the world's content policy: chunks go to `chat` as they
 * pass, a line that breaks the policy ends in an in-character refusal (recorded before it goes out). The final
 * line itself is left to the caller.
 */
export async function guardedReply(
  ctx: SocialContext,
  profile: AgentProfile,
  context: ReplyContext,
  conversationId: string,
  chat: (text: string, partial: boolean) => void,
): Promise<{ text: string; from: "model" | "offline"; intent: ReplyIntent }> {
  const checker = new LineChecker(ctx.policy, replyInstructions(context));
  const guard = new ReplyGuard((text) => checker.check(text), inCharacterRefusal(ctx.policy, context.player.name));
  const spoken = await ctx.thinker.speak(profile.id, replyTask, context, (chunk) => {
    const delta = guard.push(chunk);
    if (delta) chat(delta, true);
  });
  const final = guard.finish();
  if (final.violation) {
    await recordViolation(ctx, { agentId: profile.id, conversationId, violation: final.violation, originalText: spoken.text, replacement: final.text });
  }
  if (final.tail) chat(final.tail, true);
  return { text: final.text, from: spoken.from, intent: final.intent };
}
