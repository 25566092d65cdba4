// A question answered with a card, and the Helpful / Not helpful clicks on that card.
import { answerKind } from '../../cards/answer.js';
import { looksForeign, recognisedPart } from '../../knowledge/conversation.js';
import { cardMessage, sendCard } from '../replies.js';
import type { Card } from '../../cards/templates.js';
import { plural } from '../../cards/common.js';
import type { Tally } from '../../storage/votes.js';
import { notEnglishReply } from '../small-talk.js';
import type { Turn } from '../turn.js';
import { recordQuestion, recordVote, senderId } from './insights.js';

export async function answerQuestion({ context, deps }: Turn, text: string): Promise<void> {
  const { knowledge } = deps;
  let response = knowledge.search(text, { limit: 4 });
  // A question in another language is answered when its terms are recognised; otherwise it is told why not.
  if (answerKind(response) !== 'answer' && looksForeign(text, knowledge.knows)) {
    const terms = recognisedPart(text, knowledge.knows);
    const again = terms ? knowledge.search(terms, { limit: 4 }) : undefined;
    if (!again || answerKind(again) !== 'answer') {
      await context.sendActivity(notEnglishReply());
      return recordQuestion(context, deps, text, response);
    }
    response = { ...again, query: text };
  }
  const card = deps.cards.answer(response);
  // An answer gets Teams' own feedback buttons (👍 / 👎, private to whoever uses them) as well as its card's.
  if (answerKind(response) === 'answer') {
    const sent = await context.sendActivity({ ...cardMessage(card), channelData: { feedbackLoopEnabled: true } });
    recordQuestion(context, deps, text, response, sent?.id);
  } else {
    await sendCard(context, card);
    recordQuestion(context, deps, text, response);
  }
}

/**
 * A Helpful / Not helpful click: logged, counted once per person per answer (the last click counts), and
 * answered by updating that answer card in place with the tally, never by a message the whole channel sees.
 * Only in a 1:1 chat, or where the card cannot be updated, does a short thank-you go back instead.
 */
export async function recordFeedback({ context, deps }: Turn, value: Record<string, unknown>): Promise<void> {
  const a = context.activity;
  const helpful = value.helpful === true || value.helpful === 'true';
  const query = String(value.query ?? '').slice(0, 500);
  const resultId = String(value.resultId ?? '').slice(0, 300);
  const voterId = senderId(context);
  await deps.feedback.record({ time: new Date().toISOString(), helpful, query, resultId, conversationId: a.conversation?.id ?? '', userId: voterId });
  const personal = a.conversation?.conversationType === 'personal';
  if (deps.votes && a.replyToId && a.conversation?.id && query) {
    const tally = await deps.votes.vote({ conversationId: a.conversation.id, messageId: a.replyToId, voterId, helpful, query, resultId });
    // Handed over, not awaited: it is written in the background.
    recordVote(context, deps, tally, 'card');
    const response = deps.knowledge.search(query, { limit: 4 });
    if (answerKind(response) === 'answer') {
      await context.updateActivity({ ...cardMessage(withTally(deps.cards.answer(response), tally)), id: a.replyToId });
      return;
    }
  }
  if (personal || !a.replyToId) {
    await context.sendActivity(
      helpful ? 'Thanks, glad it helped.' : 'Thanks for telling me. Try rephrasing, or type "help" to browse the guidance by role, pillar or RaMP step.',
    );
  }
}

/** The answer card with a line saying how people found it (a copy: the card may be shared). */
function withTally(card: Card, { helpful, notHelpful }: Tally): Card {
  const line = `Helpful for ${plural(helpful, 'person', 'people')} · not helpful for ${plural(notHelpful, 'person', 'people')}`;
  return { ...card, body: [...((card.body as Card[]) ?? []), { type: 'TextBlock', text: line, size: 'Small', isSubtle: true, wrap: true, spacing: 'Small' }] };
}

/**
 * Teams' own feedback loop on an answer message (👍 / 👎 and an optional comment, seen only by the person
 * who gives it): logged, and counted once per person per answer, the last one counting. It is answered in
 * the invoke's response; nothing is posted.
 */
export async function recordNativeFeedback({ context, deps }: Turn, value: Record<string, unknown>): Promise<{ status: 200 }> {
  const a = context.activity;
  const action = (value.actionValue ?? {}) as { reaction?: string; feedback?: unknown };
  const helpful = action.reaction === 'like';
  let comment = '';
  try {
    const parsed = typeof action.feedback === 'string' ? (JSON.parse(action.feedback) as { feedbackText?: unknown }) : undefined;
    comment = typeof parsed?.feedbackText === 'string' ? parsed.feedbackText.slice(0, 500) : '';
  } catch {
    // A comment that is not the JSON Teams sends is no comment.
  }
  const voterId = senderId(context);
  await deps.feedback.record({
    time: new Date().toISOString(),
    helpful,
    query: comment,
    resultId: `message:${String(a.replyToId ?? '').slice(0, 200)}`,
    conversationId: a.conversation?.id ?? '',
    userId: voterId,
  });
  if (deps.votes && a.replyToId && a.conversation?.id) {
    const tally = await deps.votes.vote({ conversationId: a.conversation.id, messageId: a.replyToId, voterId, helpful, query: '', resultId: '' });
    recordVote(context, deps, tally, 'teams');
  }
  return { status: 200 };
}
