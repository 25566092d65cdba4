// Checklist cards as messages in a conversation: each card posted is remembered with its message id, so a
// change made on one card updates every card of that checklist there (the totals of all its areas), not
// only the card that was clicked.
import { TurnContext } from 'botbuilder';
import { cardAreas, checklistCard } from '../../cards/checklist.js';
import type { Card } from '../../cards/templates.js';
import type { Progress } from '../../checklist/progress.js';
import type { ChecklistService, PostedCard } from '../../checklist/service.js';
import type { Checklist } from '../../knowledge/schema.js';
import type { Log } from '../../log.js';
import { localiseActivity, turnLocale } from '../locale-links.js';
import { cardMessage } from '../replies.js';
import type { Turn } from '../turn.js';

/**
 * Remembers a checklist's cards just posted into a conversation, in the order they were posted (best
 * effort: a card that is not remembered is only left out of the updates after others' changes).
 */
export async function rememberPosted(
  checklists: ChecklistService,
  log: Log,
  list: Checklist,
  cards: Card[],
  ids: (string | undefined)[],
  conversationId: string,
): Promise<void> {
  const areas = cardAreas(list, cards);
  const posted = ids.flatMap((id, i) => (id ? [{ checklist: list.id, area: areas[i] ?? '', activityId: id, conversationId }] : []));
  await checklists.rememberCards(posted).catch((err: Error) => log.warn('checklist.remember-cards.failed', { message: err.message }));
}

/**
 * Replaces a posted message's card for everyone. A card posted in another thread of the channel (the
 * notify API starts a post of its own for each card) is addressed there, not in the thread of the click.
 */
export async function updateMessage(context: TurnContext, card: Card, at: { activityId: string; conversationId?: string }): Promise<void> {
  const activity = { ...cardMessage(card), id: at.activityId };
  if (!at.conversationId || at.conversationId === context.activity.conversation.id) return void (await context.updateActivity(activity));
  const there = TurnContext.applyConversationReference(activity, TurnContext.getConversationReference(context.activity));
  there.conversation = { ...there.conversation!, id: at.conversationId };
  await context.adapter.updateActivity(context, localiseActivity(there, turnLocale(context)));
}

/**
 * After a change: the clicked message and every other remembered card of the checklist in this
 * conversation, updated for everyone with the new statuses and totals (best effort: the change is saved
 * whether or not Teams takes the updates).
 */
export async function updateChecklistMessages({ context, deps }: Turn, list: Checklist, progress: Progress, clicked?: { id: string; area: string }) {
  const warn = (err: Error) => deps.log.warn('checklist.update-message.failed', { message: err.message });
  const userIds = deps.checklists.recentUsers(progress);
  const card = (area: string) => checklistCard(list, progress, deps.knowledge.catalog, area, { userIds });
  if (clicked) await updateMessage(context, card(clicked.area), { activityId: clicked.id }).catch(warn);
  let posted: PostedCard[];
  try {
    posted = await deps.checklists.postedCards(context.activity.conversation.id, list.id);
  } catch (err) {
    return warn(err as Error);
  }
  const others = posted.filter((p) => p.activityId !== clicked?.id && (p.area === '' || list.areas.some((a) => a.id === p.area)));
  await Promise.all(others.map((p) => updateMessage(context, card(p.area), p).catch(warn)));
}
