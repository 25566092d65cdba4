// Clicks on a checklist card: Action.Execute by verb (answered in the invoke's response), and the
// Action.Submit that older clients send as a message. A click carries what its card showed of the item;
// from a card that is out of date it changes nothing and says who changed the item, and when.
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { reasonInput, staleNotice, statusInput } from '../../cards/checklist.js';
import { ChecklistError, type Progress, ReasonNeededError, StaleCardError, isMri, isStatus, itemKey, markdownText } from '../../checklist/progress.js';
import type { Checklist } from '../../knowledge/schema.js';
import { cardMessage, sendCard } from '../replies.js';
import { type Turn, scopeOf } from '../turn.js';
import { EDIT_VERBS, editSubmit } from './checklist-edits.js';
import { updateChecklistMessages } from './checklist-messages.js';
import { answerWith, cardFor, clickedCard } from './checklist-reply.js';

/** What a click did: the progress after it, whether it changed anything, and a line for the person who clicked. */
type Outcome = { list: Checklist; area: string; progress: Progress; changed: boolean; notice?: { item: string; text: string } };

/** A click's change, applied; or refused with a line for the person who clicked (a card out of date, Blocked without a reason). */
async function applyChange(turn: Turn, data: Record<string, unknown>): Promise<Outcome> {
  const { context, deps } = turn;
  const { list, area } = clickedCard(turn, data);
  const item = String(data.item ?? '');
  // A card's status picker and reason box are named for their item; a button of an older card carries the status.
  const to = data[statusInput(item)] ?? data.status;
  if (!isStatus(to)) throw new ChecklistError(`"${String(to)}" is not a status.`);
  const reason = data[reasonInput(item)] ?? data.reason;
  const from = context.activity.from;
  const scope = scopeOf(context);
  const at = (deps.clock?.() ?? new Date()).toISOString();
  try {
    const progress = await deps.checklists.set(scope, {
      checklist: list.id,
      item,
      to,
      ...(typeof reason === 'string' ? { reason } : {}),
      by: from?.aadObjectId ?? from?.id ?? 'unknown',
      byName: from?.name ?? '',
      // Teams refreshes cards for users named by MRI (from.id, "29:..."), not by AAD object id.
      ...(isMri(from?.id) ? { mri: from.id } : {}),
      at,
      // Cards posted before clicks carried what their card showed have no `seen`: such a click applies as before.
      ...(typeof data.seen === 'string' ? { seen: data.seen } : {}),
    });
    return { list, area, progress, changed: progress.items[itemKey(list.id, item)]?.at === at };
  } catch (err) {
    if (err instanceof StaleCardError) {
      const text = staleNotice(err, list, context.activity.localTimezone);
      return { list, area, progress: err.progress, changed: false, notice: { item, text } };
    }
    if (err instanceof ReasonNeededError)
      return { list, area, progress: await deps.checklists.progress(scope), changed: false, notice: { item, text: err.message } };
    throw err;
  }
}

/** Action.Execute verbs of checklist cards, each with its handler. */
export const CARD_VERBS: Record<string, (turn: Turn, data: Record<string, unknown>) => Promise<AdaptiveCardInvokeResponse>> = {
  'checklist.set': async (turn, data) => {
    const outcome = await applyChange(turn, data);
    // The invoke's answer updates the clicker's card; after a change, the message itself and the other cards
    // of the checklist are updated for everyone else in the conversation. A refused click changes nothing
    // but the clicker's card, which then shows the item as it is and why nothing was applied.
    const { replyToId } = turn.context.activity;
    if (outcome.changed) await updateChecklistMessages(turn, outcome.list, outcome.progress, replyToId ? { id: replyToId, area: outcome.area } : undefined);
    return answerWith(cardFor(turn, outcome, outcome.notice ? { notice: outcome.notice } : {}), turn);
  },
  'checklist.refresh': async (turn, data) => {
    const { list, area } = clickedCard(turn, data);
    return answerWith(cardFor(turn, { list, area, progress: await turn.deps.checklists.progress(scopeOf(turn.context)) }), turn);
  },
  ...EDIT_VERBS,
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

/**
 * Older clients send Action.Submit as a message: the card is updated in place for everyone, and a refused
 * click is answered in the conversation, naming whose click it was.
 */
export async function checklistSubmit(turn: Turn, value: Record<string, unknown>): Promise<void> {
  const { context } = turn;
  try {
    if (value.action !== 'checklist.set') return await editSubmit(turn, value);
    const outcome = await applyChange(turn, value);
    const { replyToId } = context.activity;
    if (outcome.changed) await updateChecklistMessages(turn, outcome.list, outcome.progress, replyToId ? { id: replyToId, area: outcome.area } : undefined);
    else if (replyToId) await context.updateActivity({ ...cardMessage(cardFor(turn, outcome)), id: replyToId });
    if (!replyToId) await sendCard(context, cardFor(turn, outcome));
    if (outcome.notice) await turn.say(`${context.activity.from?.name ? `${markdownText(context.activity.from.name)}: ` : ''}${outcome.notice.text}`);
  } catch (err) {
    if (!(err instanceof ChecklistError)) throw err;
    await context.sendActivity(err.message);
  }
}
