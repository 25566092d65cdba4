// An item's owner, due date and note, edited on the checklist card. "Owner, date, note" turns the clicker's
// card into the item's editor (Teams' people picker, with people seen in the conversation for clients
// without it; a date; a note), and Save applies the edit as a status click is applied: refused when the item
// changed since the editor was shown (saying who changed it, and when), or when the date is not one.
import { type AdaptiveCardInvokeResponse, TeamsInfo } from 'botbuilder';
import { dueInput, noteInput, ownerInput, staleNotice } from '../../cards/checklist.js';
import { DueDateError, type Progress, StaleCardError, detailsOf, findItem, isMri, itemKey, markdownText } from '../../checklist/progress.js';
import type { Checklist } from '../../knowledge/schema.js';
import { cardMessage, sendCard } from '../replies.js';
import { type Turn, scopeOf } from '../turn.js';
import { updateChecklistMessages } from './checklist-messages.js';
import { answerWith, cardFor, clickedCard } from './checklist-reply.js';

type Edit = { list: Checklist; area: string; item: string; progress: Progress; changed: boolean; notice?: { item: string; text: string }; again?: boolean };

/**
 * The name of the person picked as owner: someone seen in the conversation, the person saving, or a member Teams knows by
 * that id (the people picker sends the person's AAD object id); the id itself when neither is found.
 */
async function ownerName({ context, deps }: Turn, progress: Progress, id: string): Promise<string> {
  const seen = deps.checklists.people(progress, 1000).find((p) => p.id === id);
  if (seen) return seen.name;
  const me = context.activity.from;
  if (me?.name && (id === me.aadObjectId || id === me.id)) return me.name;
  try {
    return (await TeamsInfo.getMember(context, id)).name || id;
  } catch {
    return id;
  }
}

/** Save's edit, applied; or refused with a line for the person who clicked (an out-of-date editor, a bad date). */
async function applyEdit(turn: Turn, data: Record<string, unknown>): Promise<Edit> {
  const { context, deps } = turn;
  const { list, area } = clickedCard(turn, data);
  const item = String(data.item ?? '');
  findItem(deps.knowledge.catalog, list.id, item);
  const scope = scopeOf(context);
  const before = await deps.checklists.progress(scope);
  const current = detailsOf(before.items[itemKey(list.id, item)]);
  // An input the client did not send keeps what the item has; an empty one clears it.
  const input = (id: string, now: string) => (typeof data[id] === 'string' ? (data[id] as string).trim() : now);
  const ownerId = input(ownerInput(item), current.ownerId);
  const owner = !ownerId ? '' : ownerId === current.ownerId ? current.owner : await ownerName(turn, before, ownerId);
  const from = context.activity.from;
  const at = (deps.clock?.() ?? new Date()).toISOString();
  try {
    const progress = await deps.checklists.edit(scope, {
      checklist: list.id,
      item,
      owner,
      ownerId,
      due: input(dueInput(item), current.due),
      note: input(noteInput(item), current.note),
      by: from?.aadObjectId ?? from?.id ?? 'unknown',
      byName: from?.name ?? '',
      ...(isMri(from?.id) ? { mri: from.id } : {}),
      at,
      ...(typeof data.seen === 'string' ? { seen: data.seen } : {}),
    });
    return { list, area, item, progress, changed: progress.items[itemKey(list.id, item)]?.editedAt === at };
  } catch (err) {
    if (err instanceof StaleCardError) {
      const text = staleNotice(err, list, context.activity.localTimezone);
      return { list, area, item, progress: err.progress, changed: false, notice: { item, text } };
    }
    // A date that is not one: the editor again, saying so, with nothing changed.
    if (err instanceof DueDateError) return { list, area, item, progress: before, changed: false, notice: { item, text: err.message }, again: true };
    throw err;
  }
}

/** The editor of the item a click names, for the person who clicked. */
async function editorOf(turn: Turn, data: Record<string, unknown>) {
  const { list, area } = clickedCard(turn, data);
  const item = String(data.item ?? '');
  findItem(turn.deps.knowledge.catalog, list.id, item);
  return cardFor(turn, { list, area, progress: await turn.deps.checklists.progress(scopeOf(turn.context)) }, { edit: item });
}

const answerCard = (turn: Turn, e: Edit) => cardFor(turn, e, { ...(e.notice ? { notice: e.notice } : {}), ...(e.again ? { edit: e.item } : {}) });

/** Action.Execute verbs of the item editor. */
export const EDIT_VERBS: Record<string, (turn: Turn, data: Record<string, unknown>) => Promise<AdaptiveCardInvokeResponse>> = {
  'checklist.details': async (turn, data) => answerWith(await editorOf(turn, data), turn),
  'checklist.save': async (turn, data) => {
    const edit = await applyEdit(turn, data);
    // After a change every card of the checklist is updated for everyone, the clicked one included.
    const { replyToId } = turn.context.activity;
    if (edit.changed) await updateChecklistMessages(turn, edit.list, edit.progress, replyToId ? { id: replyToId, area: edit.area } : undefined);
    return answerWith(answerCard(turn, edit), turn);
  },
};

/**
 * Older clients send Action.Submit as a message: "Owner, date, note" posts the item's editor as a card of
 * its own; Save updates the checklist's cards, turns that editor back into the checklist's card, and
 * answers a refused edit in the conversation.
 */
export async function editSubmit(turn: Turn, value: Record<string, unknown>): Promise<void> {
  const { context } = turn;
  if (value.action === 'checklist.details') return sendCard(context, await editorOf(turn, value));
  const edit = await applyEdit(turn, value);
  if (edit.changed) await updateChecklistMessages(turn, edit.list, edit.progress);
  const { replyToId } = context.activity;
  if (replyToId && !edit.again) await context.updateActivity({ ...cardMessage(cardFor(turn, edit)), id: replyToId });
  if (edit.notice) await turn.say(`${context.activity.from?.name ? `${markdownText(context.activity.from.name)}: ` : ''}${edit.notice.text}`);
}
