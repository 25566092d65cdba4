// Clicks on a checklist card: Action.Execute by verb (answered in the invoke's response), and the
// Action.Submit that older clients send as a message.
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { checklistCard, postedByArea } from '../../cards/checklist.js';
import { localiseCard } from '../../cards/locale.js';
import type { Card } from '../../cards/templates.js';
import { ChecklistError, isMri, isStatus } from '../../checklist/progress.js';
import { cardMessage, sendCard } from '../replies.js';
import { turnLocale } from '../locale-links.js';
import { type Turn, scopeOf } from '../turn.js';

/** The card after a click: the item changed (change) or only read, for the area the click came from. */
async function applyChecklistAction({ context, deps }: Turn, change: boolean, data: Record<string, unknown>): Promise<Card> {
  const catalog = deps.knowledge.catalog;
  const list = catalog.checklists.find((l) => l.id === data.checklist);
  if (!list) throw new ChecklistError(`There is no checklist "${String(data.checklist)}".`);
  let area = typeof data.area === 'string' && list.areas.some((a) => a.id === data.area) ? data.area : '';
  // A checklist too large for one card is answered with the card of the area the click came from (or the
  // first): a card of the whole would break Teams' size limit.
  if (!area && postedByArea(list, catalog)) area = (list.areas.find((a) => a.items.some((i) => i.id === data.item)) ?? list.areas[0]!).id;
  const scope = scopeOf(context);
  let progress;
  if (change) {
    if (!isStatus(data.status)) throw new ChecklistError(`"${String(data.status)}" is not a status.`);
    const from = context.activity.from;
    progress = await deps.checklists.set(scope, {
      checklist: list.id,
      item: String(data.item ?? ''),
      to: data.status,
      by: from?.aadObjectId ?? from?.id ?? 'unknown',
      byName: from?.name ?? '',
      // Teams refreshes cards for users named by MRI (from.id, "29:..."), not by AAD object id.
      ...(isMri(from?.id) ? { mri: from.id } : {}),
    });
  } else {
    progress = await deps.checklists.progress(scope);
  }
  return checklistCard(list, progress, catalog, area, { userIds: deps.checklists.recentUsers(progress) });
}

const answerWith = (card: Card, turn: Turn): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: localiseCard(card, turnLocale(turn.context)) as never,
});

/** Action.Execute verbs of checklist cards, each with its handler. */
export const CARD_VERBS: Record<string, (turn: Turn, data: Record<string, unknown>) => Promise<AdaptiveCardInvokeResponse>> = {
  'checklist.set': async (turn, data) => {
    const card = await applyChecklistAction(turn, true, data);
    // The invoke's answer updates the clicker's card; the message itself is updated for everyone else in
    // the conversation (best effort: the change is saved whether or not Teams takes the update).
    const { replyToId } = turn.context.activity;
    if (replyToId) {
      await turn.context
        .updateActivity({ ...cardMessage(card), id: replyToId })
        .catch((err: Error) => turn.deps.log.warn('checklist.update-message.failed', { message: err.message }));
    }
    return answerWith(card, turn);
  },
  'checklist.refresh': async (turn, data) => answerWith(await applyChecklistAction(turn, false, data), turn),
};

/** A verb's answer, or a 400 naming what is wrong with the click (an unknown verb, item or status). */
export async function runCardVerb(turn: Turn, verb: unknown, data: Record<string, unknown>): Promise<AdaptiveCardInvokeResponse> {
  const handler = typeof verb === 'string' && Object.hasOwn(CARD_VERBS, verb) ? CARD_VERBS[verb] : undefined;
  const badRequest = (message: string): AdaptiveCardInvokeResponse => ({
    statusCode: 400,
    type: 'application/vnd.microsoft.error',
    value: { code: 'BadRequest', message } as never,
  });
  if (!handler) return badRequest(`unknown verb "${String(verb)}"`);
  try {
    return await handler(turn, data);
  } catch (err) {
    if (!(err instanceof ChecklistError)) throw err;
    return badRequest(err.message);
  }
}

/** Older clients send Action.Submit as a message: the card is updated in place for everyone. */
export async function checklistSubmit(turn: Turn, value: Record<string, unknown>): Promise<void> {
  const { context } = turn;
  try {
    const card = await applyChecklistAction(turn, true, value);
    if (context.activity.replyToId) await context.updateActivity({ ...cardMessage(card), id: context.activity.replyToId });
    else await sendCard(context, card);
  } catch (err) {
    if (!(err instanceof ChecklistError)) throw err;
    await context.sendActivity(err.message);
  }
}
