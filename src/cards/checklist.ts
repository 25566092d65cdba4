// A RaMP checklist as cards a team works through together: every item numbered 1..N across the checklist,
// with its status, role, owner, due date, note and, when blocked, the reason; a status picker, a reason box
// and a Set button per item (Action.Execute, with Action.Submit for older clients), and "N of M done". An
// item's owner, due date and note are edited on the same card, one item at a time (the editor), so the
// card of a large area stays within Teams' size limit.
import {
  type ItemState,
  LEFT_OUT,
  type Progress,
  dayOf,
  detailsLine,
  detailsOf,
  isOverdue,
  STATUSES,
  emptyProgress,
  STATUS_LABELS,
  type Status,
  type StaleCardError,
  doneCount,
  itemKey,
  itemNumber,
  markdownText,
  numberedItems,
  stateSeen,
  summarise,
  itemText,
  tallyLine,
  type Tally,
} from '../checklist/progress.js';
import { type WeekDone, doneTrend } from '../checklist/trend.js';
import type { Catalog } from '../knowledge/content-loader.js';
import type { Checklist } from '../knowledge/schema.js';
import { clip, clockTime, live, md, readableDate, sourceLine } from './common.js';
import { type Card, CardError, MAX_CARD_BYTES, cardBytes, expandCard } from './templates.js';

/** Teams refreshes a card automatically for at most 60 people. */
export const MAX_REFRESH_USERS = 60;

export const STATUS_MARK: Record<Status, string> = {
  'not-started': '⬜',
  planned: '🗓️',
  'in-progress': '🔄',
  blocked: '⛔',
  done: '✅',
  'not-applicable': '➖',
  'risk-accepted': '⚠️',
  'third-party': '🤝',
};

/** The ids of an item's inputs on the card: every input of a card comes with any of its actions, so each is named for its item. */
export const statusInput = (itemId: string) => `status-${itemId}`;
export const reasonInput = (itemId: string) => `reason-${itemId}`;
export const ownerInput = (itemId: string) => `owner-${itemId}`;
export const dueInput = (itemId: string) => `due-${itemId}`;
export const noteInput = (itemId: string) => `note-${itemId}`;

/** Months as a due date shows them: "due 12 Dec 2026". */
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const shortDate = (day: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[3])} ${SHORT_MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}` : day;
};

/** "Owner: Ada · due 12 Dec 2026 · **overdue**" for an item with an owner or a due date; '' otherwise. */
export function ownedLine(state: ItemState | undefined, today: string, nameMax = 60): string {
  const parts: string[] = [];
  if (state?.owner) parts.push(`Owner: ${markdownText(clip(state.owner, nameMax))}`);
  if (state?.due) parts.push(`due ${markdownText(shortDate(state.due))}${isOverdue(state, today) ? ' · **overdue**' : ''}`);
  if (parts[0]?.startsWith('due')) parts[0] = `Due ${parts[0].slice(4)}`;
  return parts.join(' · ');
}

/** The choices of every item's status picker. */
const STATUS_CHOICES = STATUSES.map((id) => ({ id, label: STATUS_LABELS[id] }));

export type ChecklistCardOptions = {
  /** Whose clients refresh the card by themselves (people who have used it), newest first. */
  userIds?: string[];
  /** A line for the person who clicked, under the item they clicked (markdown, already escaped). */
  notice?: { item: string; text: string };
  /** The item whose owner, due date and note the card edits (for the person who asked): the card shows only it. */
  edit?: string;
  /** People the owner picker offers besides Teams' people search (for clients without it). */
  people?: { id: string; name: string }[];
  /** Now, for what is overdue. */
  now?: Date;
};

/** "Ada, 1 November 2026": who set an item's status and when. */
const setBy = (state: ItemState, nameMax = 60) => `${markdownText(clip(state.by, nameMax))}, ${markdownText(readableDate(state.at))}`;

/**
 * One card for the whole checklist, or one card for an area (areaId) when the whole does not fit. A card
 * whose items carry so much text (names, reasons) that it would break Teams' size limit refreshes by itself
 * for fewer people, down to none, rather than not being sent at all.
 */
export function checklistCard(list: Checklist, progress: Progress, catalog: Catalog, areaId = '', options: ChecklistCardOptions = {}): Card {
  const userIds = (options.userIds ?? []).slice(0, MAX_REFRESH_USERS);
  for (let n = userIds.length; ; n = Math.floor(n / 2)) {
    try {
      return buildChecklistCard(list, progress, catalog, areaId, options.edit ? [] : userIds.slice(0, n), options, false);
    } catch (err) {
      if (!(err instanceof CardError)) throw err;
      // Still too large for nobody's refresh: the items' notes stay in the editor and the exports, and long
      // reasons and names are cut shorter.
      if (n === 0) return buildChecklistCard(list, progress, catalog, areaId, [], options, true);
    }
  }
}

/** How much of a note the card shows (all of it is in the item's editor and in the exports). */
const NOTE_SHOWN = 100;

function buildChecklistCard(
  list: Checklist,
  progress: Progress,
  catalog: Catalog,
  areaId: string,
  userIds: string[],
  { notice, edit, people = [], now }: ChecklistCardOptions,
  tight: boolean,
): Card {
  const today = dayOf(now);
  const areas = list.areas.filter((a) => !areaId || a.id === areaId);
  const area = areaId ? areas[0] : undefined;
  const url = live(area?.anchor ? `${list.url}#${area.anchor}` : list.url, catalog);
  const shown = numberedItems(list).filter((x) => areas.includes(x.area));
  const whole = doneCount(progress, list);
  return expandCard('checklist', {
    checklist: list.id,
    area: areaId,
    userIds,
    title: md(area ? `${list.title}: ${area.name}` : list.title),
    progress: area ? `${tallyLine(doneCount(progress, list, areaId))} in this area · ${whole.done} of ${whole.total} in the checklist` : tallyLine(whole),
    freshness: url.retired
      ? `The RaMP article was retired upstream on ${readableDate(catalog.ramp.retired)}; the link opens the page that replaced it. Items as of our snapshot of ${readableDate(catalog.ramp.snapshot)}.`
      : `Items as of our RaMP snapshot of ${readableDate(catalog.ramp.snapshot)}.`,
    statuses: STATUS_CHOICES,
    items: (edit ? [] : shown).map(({ area: a, item: i, number }, k) => {
      const state = progress.items[itemKey(list.id, i.id)];
      const status = state?.status ?? 'not-started';
      return {
        // Sub-headings only where a card shows more than one area; the numbers run on across them.
        heading: areas.length > 1 && shown[k - 1]?.area !== a ? md(a.name) : '',
        line: `${STATUS_MARK[status]} **${number}.** ${md(clip(i.text, 400))}`,
        detail: `Role: ${md(i.role)} · ${STATUS_LABELS[status]}${state?.at ? ` (${setBy(state, tight ? 30 : 60)})` : ''}`,
        owned: ownedLine(state, today, tight ? 30 : 60),
        note: state?.note && !tight ? `Note: ${markdownText(clip(state.note, NOTE_SHOWN))}` : '',
        reason: state?.reason ? `Reason: ${markdownText(tight ? clip(state.reason, 60) : state.reason)}` : '',
        notice: notice?.item === i.id ? notice.text : '',
        status,
        statusInput: statusInput(i.id),
        reasonInput: reasonInput(i.id),
        checklist: list.id,
        area: areaId,
        item: i.id,
        seen: stateSeen(state),
      };
    }),
    editor: shown
      .filter((x) => x.item.id === edit)
      .map(({ item: i, number }) => {
        const state = progress.items[itemKey(list.id, i.id)];
        const status = state?.status ?? 'not-started';
        return {
          line: `${STATUS_MARK[status]} **${number}.** ${md(clip(i.text, 400))}`,
          detail: `Owner, due date and note of item ${number} · Role: ${md(i.role)} · ${STATUS_LABELS[status]}`,
          owned: ownedLine(state, today),
          notice: notice?.item === i.id ? notice.text : '',
          ownerInput: ownerInput(i.id),
          dueInput: dueInput(i.id),
          noteInput: noteInput(i.id),
          ownerId: state?.ownerId ?? '',
          due: state?.due ?? '',
          note: state?.note ?? '',
          checklist: list.id,
          area: areaId,
          item: i.id,
          seen: stateSeen(state),
        };
      }),
    // The current owner first, so the picker shows them even where Teams' people search is not available.
    people: ownerChoices(edit ? progress.items[itemKey(list.id, edit)] : undefined, people),
    url: url.url,
    sourceLine: sourceLine(url.url),
  });
}

/** The people the owner picker lists: the item's owner, then people seen in the conversation (each once, at most 12). */
function ownerChoices(state: ItemState | undefined, people: { id: string; name: string }[]): { id: string; name: string }[] {
  const all = state?.owner && state.ownerId ? [{ id: state.ownerId, name: state.owner }, ...people] : people;
  return all
    .filter((p, i) => p.id && p.name && all.findIndex((q) => q.id === p.id) === i)
    .slice(0, 12)
    .map((p) => ({ id: p.id, name: clip(p.name, 60) }));
}

/**
 * The line for someone whose click came from a card that showed an older state of the item: who changed
 * it, to what, and when on their clock ("Ada set item 3 to Done at 10:04; your click (In progress) was not
 * applied. Click again to change it.").
 */
export function staleNotice(err: StaleCardError, list: Checklist, timeZone?: string, now?: Date): string {
  const n = itemNumber(list, err.item) ?? err.item;
  const mine = err.to
    ? `your click (${STATUS_LABELS[err.to]}) was not applied. Click again to change it.`
    : 'your owner, due date and note were not saved. Open "Owner, date, note" again to change them.';
  if (!err.state) return `Item ${n} changed since your card was shown and is now ${STATUS_LABELS['not-started']}; ${mine}`;
  // What changed last: the item's owner, due date and note, or its status.
  const { editedAt, editedBy } = err.state;
  if (editedAt && editedAt >= err.state.at) {
    const details = markdownText(detailsLine(detailsOf(err.state)));
    return `${markdownText(clip(editedBy ?? '', 60))} set item ${n} to ${details} at ${clockTime(editedAt, timeZone, now)}; ${mine}`;
  }
  const when = clockTime(err.state.at, timeZone, now);
  const who = markdownText(clip(err.state.by, 60));
  const why = err.state.reason ? ` (${markdownText(err.state.reason)})` : '';
  return `${who} set item ${n} to ${STATUS_LABELS[err.state.status]}${why} at ${when}; ${mine}`;
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

/** Blocked items the progress card lists with their reasons; more are counted, not listed. */
const MAX_BLOCKED_SHOWN = 10;
/** Items with an owner or a due date the progress card lists; more are counted, not listed. */
const MAX_OWNED_SHOWN = 10;

/** The area of each of a checklist's cards as checklistCards gives them: '' for a card of the whole. */
export function cardAreas(list: Checklist, cards: readonly unknown[]): string[] {
  return cards.length > 1 ? list.areas.map((a) => a.id) : cards.map(() => '');
}

/**
 * The slices of a checklist's donut, in the order a team moves items through: each status in exactly one
 * group, colours from Teams' chart palette (done green, blocked red, not started grey). The last group is
 * what "N of M done" leaves out of M.
 */
export const STATUS_GROUPS: readonly { legend: string; statuses: readonly Status[]; color: string }[] = [
  { legend: STATUS_LABELS.done, statuses: ['done'], color: 'good' },
  { legend: `${STATUS_LABELS['in-progress']} or ${STATUS_LABELS.planned.toLowerCase()}`, statuses: ['in-progress', 'planned'], color: 'categoricalBlue' },
  { legend: STATUS_LABELS['third-party'], statuses: ['third-party'], color: 'categoricalLavender' },
  { legend: STATUS_LABELS.blocked, statuses: ['blocked'], color: 'attention' },
  { legend: STATUS_LABELS['not-started'], statuses: ['not-started'], color: 'neutral' },
  {
    legend: [...LEFT_OUT].map((s, i) => (i ? STATUS_LABELS[s].toLowerCase() : STATUS_LABELS[s])).join(' or '),
    statuses: [...LEFT_OUT],
    color: 'divergingGray',
  },
];

export type Slice = { legend: string; value: number; color: string };

/** A tally as donut slices; empty groups are left out, so the legend names only what the team has. */
export const statusSlices = (t: Tally): Slice[] =>
  STATUS_GROUPS.map((g) => ({ legend: g.legend, value: g.statuses.reduce((n, s) => n + t.statuses[s], 0), color: g.color })).filter((s) => s.value > 0);

/** "██████░░░░ 60%": a share as text, for hosts that draw no charts. */
export function textBar(done: number, total: number, cells = 10): string {
  const share = total > 0 ? done / total : 0;
  const filled = Math.round(share * cells);
  return `${'█'.repeat(filled)}${'░'.repeat(cells - filled)} ${Math.round(share * 100)}%`;
}

/** "24 Nov": the Monday of a week as the trend's axis shows it. */
export const weekLabel = (week: string): string => shortDate(week).replace(/ \d{4}$/, '');

/** A checklist's charts as the progress template places them: the donut, the bars per area, and both as text. */
function checklistCharts(progress: Progress, list: Checklist, tally: Tally) {
  const slices = statusSlices(tally);
  const areas = list.areas.map((a) => {
    const t = doneCount(progress, list, a.id);
    return { name: clip(a.name, 60), done: t.done, todo: t.total - t.done };
  });
  return {
    slices,
    summary: [
      `**${md(clip(list.title, 60))}**: ${tally.done} of ${tally.total} done · ${textBar(tally.done, tally.total)}`,
      ...slices.filter((s) => s.legend !== STATUS_LABELS.done).map((s) => `${s.value} ${s.legend.toLowerCase()}`),
    ].join(' · '),
    areas,
    areasText: `Done by area: ${areas.map((a) => `${md(a.name)} ${a.done} of ${a.done + a.todo}`).join(' · ')}`,
  };
}

/** The trend as the template places it: points for the line, and the same numbers as text. */
function trendData(weeks: WeekDone[]) {
  return {
    trend: weeks.map((w) => ({ x: weekLabel(w.week), y: w.done })),
    trendText: `Done per week: ${weeks.map((w) => `${weekLabel(w.week)} ${w.done}`).join(' · ')}`,
  };
}

/**
 * Every checklist as "N of M done" with a donut of its statuses and bars of done and to do per area, the
 * items done per week (from the history), the blocked items with their reasons, the items with an owner
 * or a due date that are still to do (overdue ones marked), and the latest changes with who made them.
 * Each chart carries its numbers as text too, for clients that draw no charts.
 */
export function progressCard(progress: Progress, catalog: Catalog, latest = 8, now: Date = new Date()): Card {
  const today = dayOf(now);
  // Items someone owns or that have a date, still to do: overdue first, then by due date (none last).
  const owned = catalog.checklists
    .flatMap((l) => numberedItems(l).map(({ item, number }) => ({ list: l, item, number, state: progress.items[itemKey(l.id, item.id)] })))
    .filter((x) => (x.state?.owner || x.state?.due) && x.state.status !== 'done' && !LEFT_OUT.has(x.state.status))
    .sort((a, b) => (a.state?.due || '9999').localeCompare(b.state?.due || '9999'));
  const moreOwned = owned.length - MAX_OWNED_SHOWN;
  const blocked = catalog.checklists.flatMap((l) =>
    numberedItems(l)
      .map(({ item, number }) => ({ list: l, item, number, state: progress.items[itemKey(l.id, item.id)] }))
      .filter((x) => x.state?.status === 'blocked'),
  );
  const more = blocked.length - MAX_BLOCKED_SHOWN;
  // The charts' numbers are part of the data's shape (see templates.ts), so each state of a team's progress
  // is expanded anew: cheap for a card asked for now and then, and every number is placed as it is.
  return expandCard('progress', {
    checklists: summarise(progress, catalog).map((s, i) => ({
      title: md(s.title),
      count: tallyLine(s),
      action: `checklist ${s.id}`,
      ...checklistCharts(progress, catalog.checklists[i]!, s),
    })),
    ...trendData(doneTrend(progress.history, now)),
    blocked: blocked.slice(0, MAX_BLOCKED_SHOWN).map(({ list, item, number, state }) => ({
      text: `⛔ **${md(clip(list.title, 60))}, item ${number}**: ${md(clip(item.text, 240))} · ${state?.reason ? markdownText(state.reason) : 'no reason given'} (${setBy(state!)})`,
    })),
    moreBlocked: more > 0 ? `… and ${more} more blocked: post the checklists to see them all.` : '',
    owned: owned.slice(0, MAX_OWNED_SHOWN).map(({ list, item, number, state }) => ({
      text: `${isOverdue(state, today) ? '⏰ ' : ''}**${md(clip(list.title, 60))}, item ${number}**: ${md(clip(item.text, 160))} · ${ownedLine(state, today)} · ${STATUS_LABELS[state!.status]}`,
    })),
    moreOwned: moreOwned > 0 ? `… and ${moreOwned} more with an owner or a due date: see the export.` : '',
    changes: progress.history
      .slice(-latest)
      .reverse()
      .map((c) => ({
        // People's display names are theirs to choose: escaped fully (md() is for our own titles).
        text: c.details
          ? `${markdownText(clip(c.byName || c.by, 60))} set “${md(clip(itemText(catalog, c), 90))}” to ${markdownText(clip(detailsLine(c.details), 160))} · ${markdownText(readableDate(c.at))}`
          : `${markdownText(clip(c.byName || c.by, 60))} set “${md(clip(itemText(catalog, c), 90))}” to **${STATUS_LABELS[c.to]}**${c.reason ? ` (${markdownText(c.reason)})` : ''} (was ${STATUS_LABELS[c.from]}) · ${markdownText(readableDate(c.at))}`,
      })),
    hasChanges: progress.history.length > 0,
  });
}
