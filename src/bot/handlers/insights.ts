// Insights: what a turn hands to the recorder once its reply is out (never awaited, never failing the turn),
// and the admins' `insights` command.
import type { TurnContext } from 'botbuilder';
import { answerKind } from '../../cards/answer.js';
import { insightsCard } from '../../cards/insights.js';
import type { SearchResponse } from '../../knowledge/search.js';
import type { VoteOutcome } from '../../storage/votes.js';
import type { BotDeps, Turn } from '../turn.js';

/** Who sent the activity: their Microsoft Entra object id in Teams, else the channel's id for them. */
export const senderId = (context: TurnContext) => context.activity.from?.aadObjectId ?? context.activity.from?.id ?? '';

/** After a question's reply is sent: what it found, and the answer message, for the recorder. */
export function recordQuestion(context: TurnContext, deps: BotDeps, query: string, response: SearchResponse, messageId?: string): void {
  if (!deps.insights?.recording) return;
  const best = response.results[0];
  const conversationId = context.activity.conversation?.id;
  deps.insights.question({
    query,
    outcome: answerKind(response),
    ...(best ? { best: { id: best.id, confidence: best.confidence } } : {}),
    userId: senderId(context),
    ...(conversationId && messageId ? { conversationId, messageId } : {}),
  });
}

/** After a vote is counted: the answer message's tally, for the recorder. */
export function recordVote(context: TurnContext, deps: BotDeps, outcome: VoteOutcome, via: 'card' | 'teams'): void {
  const { conversation, replyToId } = context.activity;
  if (!deps.insights?.recording || !conversation?.id || !replyToId) return;
  deps.insights.vote({ conversationId: conversation.id, messageId: replyToId, outcome, via });
}

/**
 * `insights`, for the admins (ADMIN_IDS) and in a 1:1 chat only: the card holds what people asked in their
 * own chats, which is not for a channel to read. Anyone else is told it is for admins, and shown nothing.
 */
export async function showInsights({ context, deps, say, send }: Turn): Promise<void> {
  const id = context.activity.from?.aadObjectId?.toLowerCase();
  if (!id || !deps.admins?.has(id)) return say('The insights command is for the admins of this bot.');
  if (context.activity.conversation?.conversationType !== 'personal') {
    return say('Insights hold what people asked in their own chats: ask me for them in a 1:1 chat.');
  }
  if (!deps.insights) return say('Insights are not set up on this bot.');
  const { knowledge } = deps;
  const summary = await deps.insights.summary((word) => knowledge.knows(word));
  await send(
    insightsCard(summary, (resultId) => {
      const entry = knowledge.entry(resultId);
      return entry ? { title: entry.title, url: entry.url } : undefined;
    }),
  );
}
