// A question answered with a card, and the Helpful / Not helpful clicks on that card.
import { answerKind } from '../../cards/answer.js';
import { looksForeign, recognisedPart } from '../../knowledge/conversation.js';
import { sendCard } from '../replies.js';
import { notEnglishReply } from '../small-talk.js';
import type { Turn } from '../turn.js';

export async function answerQuestion({ context, deps }: Turn, text: string): Promise<void> {
  const { knowledge } = deps;
  let response = knowledge.search(text, { limit: 4 });
  // A question in another language is answered when its terms are recognised; otherwise it is told why not.
  if (answerKind(response) !== 'answer' && looksForeign(text, knowledge.knows)) {
    const terms = recognisedPart(text, knowledge.knows);
    const again = terms ? knowledge.search(terms, { limit: 4 }) : undefined;
    if (!again || answerKind(again) !== 'answer') return void (await context.sendActivity(notEnglishReply()));
    response = { ...again, query: text };
  }
  await sendCard(context, deps.cards.answer(response));
}

export async function recordFeedback({ context, deps }: Turn, value: Record<string, unknown>): Promise<void> {
  const a = context.activity;
  await deps.feedback.record({
    time: new Date().toISOString(),
    helpful: value.helpful === true || value.helpful === 'true',
    query: String(value.query ?? '').slice(0, 500),
    resultId: String(value.resultId ?? '').slice(0, 300),
    conversationId: a.conversation?.id ?? '',
    userId: a.from?.aadObjectId ?? a.from?.id ?? '',
  });
  await context.sendActivity(
    value.helpful === true || value.helpful === 'true'
      ? 'Thanks, glad it helped.'
      : 'Thanks for telling me. Try rephrasing, or type "help" to browse the guidance by role, pillar or RaMP step.',
  );
}
