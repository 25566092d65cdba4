// What the checklist's card actions share: the card a click came from, the card to answer with, and the
// invoke response that carries it.
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { type ChecklistCardOptions, checklistCard, postedByArea } from '../../cards/checklist.js';
import { localiseCard } from '../../cards/locale.js';
import type { Card } from '../../cards/templates.js';
import { ChecklistError, type Progress } from '../../checklist/progress.js';
import type { Checklist } from '../../knowledge/schema.js';
import { turnLocale } from '../locale-links.js';
import type { Turn } from '../turn.js';

/** The checklist and the area whose card a click came from. */
export function clickedCard({ deps }: Turn, data: Record<string, unknown>): { list: Checklist; area: string } {
  const catalog = deps.knowledge.catalog;
  const list = catalog.checklists.find((l) => l.id === data.checklist);
  if (!list) throw new ChecklistError(`There is no checklist "${String(data.checklist)}".`);
  let area = typeof data.area === 'string' && list.areas.some((a) => a.id === data.area) ? data.area : '';
  // A checklist too large for one card is answered with the card of the area the click came from (or the
  // first): a card of the whole would break Teams' size limit.
  if (!area && postedByArea(list, catalog)) area = (list.areas.find((a) => a.items.some((i) => i.id === data.item)) ?? list.areas[0]!).id;
  return { list, area };
}

/** The card of the area a click came from, with the progress it read or wrote (and a line for the clicker, or the item's editor). */
export const cardFor = (
  { deps }: Turn,
  o: { list: Checklist; area: string; progress: Progress },
  more: Pick<ChecklistCardOptions, 'notice' | 'edit'> = {},
): Card =>
  checklistCard(o.list, o.progress, deps.knowledge.catalog, o.area, {
    userIds: deps.checklists.recentUsers(o.progress),
    ...(more.notice ? { notice: more.notice } : {}),
    ...(more.edit ? { edit: more.edit, people: deps.checklists.people(o.progress) } : {}),
  });

export const answerWith = (card: Card, turn: Turn): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: localiseCard(card, turnLocale(turn.context)) as never,
});
