// A RaMP checklist as cards a team works through together: every item with its status, owner and one-click
// status buttons (Action.Execute, with Action.Submit for older clients), and "N of M done".
import {
  type Progress,
  STATUSES,
  emptyProgress,
  STATUS_LABELS,
  type Status,
  doneCount,
  markdownText,
  statusOf,
  summarise,
  itemText,
} from '../checklist/progress.js';
import type { Catalog } from '../knowledge/content-loader.js';
import type { Checklist } from '../knowledge/schema.js';
import { clip, live, md, readableDate, sourceLine } from './common.js';
import { type Card, MAX_CARD_BYTES, cardBytes, expandCard } from './templates.js';

/** Teams refreshes a card automatically for at most 60 people. */
export const MAX_REFRESH_USERS = 60;

const STATUS_MARK: Record<Status, string> = { done: '✅', 'in-progress': '🔄', 'not-started': '⬜', 'not-applicable': '➖' };

export type ChecklistCardOptions = {
  /** Whose clients refresh the card by themselves (people who have used it), newest first. */
  userIds?: string[];
};

/** One card for the whole checklist, or one card for an area (areaId) when the whole does not fit. */
export function checklistCard(list: Checklist, progress: Progress, catalog: Catalog, areaId = '', options: ChecklistCardOptions = {}): Card {
  const areas = list.areas.filter((a) => !areaId || a.id === areaId);
  const area = areaId ? areas[0] : undefined;
  const { done, total } = doneCount(progress, list, areaId || undefined);
  const whole = doneCount(progress, list);
  const url = live(area?.anchor ? `${list.url}#${area.anchor}` : list.url, catalog);
  return expandCard('checklist', {
    checklist: list.id,
    area: areaId,
    userIds: (options.userIds ?? []).slice(0, MAX_REFRESH_USERS),
    title: md(area ? `${list.title}: ${area.name}` : list.title),
    progress: area ? `${done} of ${total} done in this area · ${whole.done} of ${whole.total} in the checklist` : `${done} of ${total} done`,
    freshness: url.retired
      ? `The RaMP article was retired upstream on ${readableDate(catalog.ramp.retired)}; the link opens the page that replaced it. Items as of our snapshot of ${readableDate(catalog.ramp.snapshot)}.`
      : `Items as of our RaMP snapshot of ${readableDate(catalog.ramp.snapshot)}.`,
    items: areas.flatMap((a) =>
      a.items.map((i) => {
        const status = statusOf(progress, list.id, i.id);
        const state = progress.items[`${list.id}/${i.id}`];
        return {
          line: `${STATUS_MARK[status]} **${areas.length > 1 ? `${md(a.name)} ${i.number}` : i.number}.** ${md(clip(i.text, 240))}`,
          detail: `Owner: ${md(i.role)} · ${STATUS_LABELS[status]}${state ? ` (${markdownText(clip(state.by, 60))}, ${markdownText(readableDate(state.at))})` : ''}`,
          choices: STATUSES.filter((s) => s !== status).map((s) => ({ checklist: list.id, area: areaId, item: i.id, status: s, label: STATUS_LABELS[s] })),
        };
      }),
    ),
    url: url.url,
    sourceLine: sourceLine(url.url),
  });
}

/**
 * A whole checklist goes in one card only with room to spare: every click adds who and when to an item,
 * and the updated card must still fit Teams' limit. Otherwise one card per area.
 */
export const SPLIT_ABOVE_BYTES = Math.floor(MAX_CARD_BYTES * 0.75);

const byArea = new Map<string, boolean>();

/** Whether a checklist is posted as one card per area (see checklistCards); a card of it then always names its area. */
export function postedByArea(list: Checklist, catalog: Catalog): boolean {
  let split = byArea.get(list.id);
  if (split === undefined) byArea.set(list.id, (split = checklistCards(list, emptyProgress(), catalog).length > 1));
  return split;
}

/** The cards to post for a checklist: one if it fits with room to grow, else one per area. */
export function checklistCards(list: Checklist, progress: Progress, catalog: Catalog, options: ChecklistCardOptions = {}): Card[] {
  try {
    const card = checklistCard(list, progress, catalog, '', options);
    if (cardBytes(card) <= SPLIT_ABOVE_BYTES) return [card];
  } catch {
    // too large as one card: split below
  }
  return list.areas.map((a) => checklistCard(list, progress, catalog, a.id, options));
}

/** Every checklist as "N of M done", and the latest changes with who made them. */
export function progressCard(progress: Progress, catalog: Catalog, latest = 8): Card {
  return expandCard('progress', {
    checklists: summarise(progress, catalog).map((s) => ({
      title: md(s.title),
      count: `${s.done} of ${s.total} done${s.applicable < s.total ? ` · ${s.total - s.applicable} not applicable` : ''}`,
      action: `checklist ${s.id}`,
    })),
    changes: progress.history
      .slice(-latest)
      .reverse()
      .map((c) => ({
        // People's display names are theirs to choose: escaped fully (md() is for our own titles).
        text: `${markdownText(clip(c.byName || c.by, 60))} set “${md(clip(itemText(catalog, c), 90))}” to **${STATUS_LABELS[c.to]}** (was ${STATUS_LABELS[c.from]}) · ${markdownText(readableDate(c.at))}`,
      })),
    hasChanges: progress.history.length > 0,
  });
}
