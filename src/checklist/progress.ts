// Team progress on the RaMP checklists: the status of every item and the history of every change. Plain
// data in, plain data out, so it can be stored anywhere and tested without a bot.
import type { Catalog } from '../knowledge/content-loader.js';
import type { Checklist, ChecklistArea, ChecklistItem } from '../knowledge/schema.js';

/** The statuses a Zero Trust programme uses (the Workshop's and Secure Score's words), in the order cards offer them. */
export const STATUSES = ['not-started', 'planned', 'in-progress', 'blocked', 'done', 'not-applicable', 'risk-accepted', 'third-party'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  'not-started': 'Not started',
  planned: 'Planned',
  'in-progress': 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  'not-applicable': 'Not applicable',
  'risk-accepted': 'Risk accepted',
  'third-party': 'Third party',
};

/** Statuses that take an item out of the "N of M" total: nothing is left to do about it here. */
export const LEFT_OUT: ReadonlySet<Status> = new Set<Status>(['not-applicable', 'risk-accepted']);

export const isStatus = (s: unknown): s is Status => typeof s === 'string' && (STATUSES as readonly string[]).includes(s);

/** The longest reason kept for a blocked item: a line, not a report. */
export const REASON_MAX = 120;

/** A reason as typed, on one line and at most REASON_MAX characters; '' when there is none. */
export function cleanReason(reason: unknown): string {
  if (typeof reason !== 'string') return '';
  const line = reason.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return line.length <= REASON_MAX ? line : `${line.slice(0, REASON_MAX - 1).trimEnd()}…`;
}

/**
 * An item's state; `reason` says why it is blocked (only a blocked item has one). `by` and `at` say who set
 * its status and when ('' for an item whose status nobody has changed); `editedBy` and `editedAt` who last
 * set its owner, due date and note, and when.
 */
export type ItemState = { status: Status; by: string; at: string; reason?: string; editedBy?: string; editedAt?: string } & Partial<ItemDetails>;

/** The longest note kept on an item. */
export const NOTE_MAX = 200;

/**
 * Who owns an item, when it is due, and a short note. `owner` is the display name, `ownerId` the person's
 * id (AAD object id from the people picker, or the Teams id of someone seen in the conversation); `due` is
 * YYYY-MM-DD. '' is none.
 */
export type ItemDetails = { owner: string; ownerId: string; due: string; note: string };

export const detailsOf = (state: ItemState | undefined): ItemDetails => ({
  owner: state?.owner ?? '',
  ownerId: state?.ownerId ?? '',
  due: state?.due ?? '',
  note: state?.note ?? '',
});

const sameDetails = (a: ItemDetails | undefined, b: ItemDetails | undefined) =>
  a === b || (!!a && !!b && a.owner === b.owner && a.ownerId === b.ownerId && a.due === b.due && a.note === b.note);

/** Only the details that are set: what is stored on an item. */
const storedDetails = (d: ItemDetails): Partial<ItemDetails> => Object.fromEntries(Object.entries(d).filter(([, v]) => v)) as Partial<ItemDetails>;

/** A real calendar date written YYYY-MM-DD. */
export function isDueDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today's date, YYYY-MM-DD (UTC). */
export const dayOf = (now: Date = new Date()) => now.toISOString().slice(0, 10);

/** An item due before `today` that is still to do (not done, not left out of the total). */
export const isOverdue = (state: ItemState | undefined, today: string): boolean =>
  !!state?.due && state.due < today && state.status !== 'done' && !LEFT_OUT.has(state.status);

export type Change = {
  checklist: string;
  item: string;
  from: Status;
  to: Status;
  /** Why the item is blocked, when the change blocks it. */
  reason?: string;
  /** On a change of owner, due date or note (the status stays: from === to), the item's details after it. */
  details?: ItemDetails;
  /** Who made the change: their Teams id and display name. */
  by: string;
  byName: string;
  /** Their Teams user MRI ("29:..."), what a card's refresh.userIds needs; absent in changes from before it was kept. */
  mri?: string;
  at: string;
};

export type Progress = {
  /** "<checklist>/<item>" -> its current state; absent means not started. */
  items: Record<string, ItemState>;
  /**
   * The most recent changes, oldest first. Older ones are moved to archive records (see service.ts) so a
   * click reads and writes a record of bounded size however long a team has been at it.
   */
  history: Change[];
  /** How many changes there have been in all, archived ones included: history[0] is change number totalChanges - history.length. */
  totalChanges: number;
};

export const emptyProgress = (): Progress => ({ items: {}, history: [], totalChanges: 0 });

/** How many of the oldest changes live in the archive rather than in `history`. */
export const archivedCount = (p: Progress) => p.totalChanges - p.history.length;

export const itemKey = (checklist: string, item: string) => `${checklist}/${item}`;

export function statusOf(p: Progress, checklist: string, item: string): Status {
  return p.items[itemKey(checklist, item)]?.status ?? 'not-started';
}

/**
 * What a card showed of an item, as the card's action carries it back: its status and when it last changed
 * ("done@2026-11-01T09:00:00.000Z"; "not-started@" for an item nobody has touched; after an edit of its
 * owner, due date and note, "@" and when that was).
 */
export const stateSeen = (state: ItemState | undefined): string =>
  `${state?.status ?? 'not-started'}@${state?.at ?? ''}${state?.editedAt ? `@${state.editedAt}` : ''}`;

/** What an item keeps of its owner, due date and note through a change of status. */
const editsOf = (state: ItemState | undefined): Partial<ItemState> => ({
  ...storedDetails(detailsOf(state)),
  ...(state?.editedAt ? { editedBy: state.editedBy ?? '', editedAt: state.editedAt } : {}),
});

export type SetStatus = {
  checklist: string;
  item: string;
  to: Status;
  /** Why the item is blocked: needed when `to` is 'blocked', ignored otherwise. */
  reason?: string;
  by: string;
  byName: string;
  mri?: string;
  at?: string;
  /** The item's state as the clicked card showed it (stateSeen); when the item has changed since, nothing is applied. */
  seen?: string;
};

export class ChecklistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChecklistError';
  }
}

/** Blocked, and no reason given: nothing is changed. */
export class ReasonNeededError extends ChecklistError {
  constructor(
    readonly checklist: string,
    readonly item: string,
  ) {
    super('Blocked needs a reason: type a short one (for example "waiting for licences") in the box beside the status, then click Set.');
    this.name = 'ReasonNeededError';
  }
}

/** A click from a card that showed an older state of the item: nothing is applied; `progress` is the record as it is now. */
export class StaleCardError extends ChecklistError {
  constructor(
    readonly checklist: string,
    readonly item: string,
    /** The status the click asked for; undefined for an edit of owner, due date and note. */
    readonly to: Status | undefined,
    readonly state: ItemState | undefined,
    readonly progress: Progress,
  ) {
    super(`The item changed since the card was shown (it is now ${STATUS_LABELS[state?.status ?? 'not-started']}); the click was not applied.`);
    this.name = 'StaleCardError';
  }
}

/** A due date that is not a date written YYYY-MM-DD: nothing is changed. */
export class DueDateError extends ChecklistError {
  constructor(
    readonly checklist: string,
    readonly item: string,
    readonly due: string,
  ) {
    super(`"${due.slice(0, 40)}" is not a date: give the due date as YYYY-MM-DD (for example 2026-12-12), or leave it empty. Nothing was changed.`);
    this.name = 'DueDateError';
  }
}

/** A change of an item's owner, due date and note, as the item's editor sends it ('' clears one). */
export type SetDetails = {
  checklist: string;
  item: string;
  owner?: string;
  ownerId?: string;
  due?: string;
  note?: string;
  by: string;
  byName: string;
  mri?: string;
  at?: string;
  /** The item's state as the editor showed it (stateSeen); when the item has changed since, nothing is applied. */
  seen?: string;
};

/** One line of at most `max` characters; '' for anything that is not text. */
const oneLine = (s: unknown, max: number): string => {
  if (typeof s !== 'string') return '';
  const line = s.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
};

/** Checks an edit before anything is read or written (the item, the date) and returns the details to keep. */
export function checkDetails(catalog: Catalog, d: Omit<SetDetails, 'by' | 'byName'>): ItemDetails {
  findItem(catalog, d.checklist, d.item);
  const due = typeof d.due === 'string' ? d.due.trim() : '';
  if (due && !isDueDate(due)) throw new DueDateError(d.checklist, d.item, due);
  const owner = oneLine(d.owner, 80);
  return { owner, ownerId: owner ? oneLine(d.ownerId, 200) : '', due, note: oneLine(d.note, NOTE_MAX) };
}

/**
 * Sets one item's owner, due date and note, keeping its status. The same object when nothing changes;
 * otherwise a new Progress with the change in the history. Refused like a status click when the editor
 * showed an older state of the item (StaleCardError), or when the date is not one (DueDateError).
 */
export function setDetails(p: Progress, catalog: Catalog, d: SetDetails): Progress {
  const details = checkDetails(catalog, d);
  const key = itemKey(d.checklist, d.item);
  const current = p.items[key];
  if (sameDetails(detailsOf(current), details)) return p;
  if (d.seen !== undefined && d.seen !== stateSeen(current)) throw new StaleCardError(d.checklist, d.item, undefined, current, p);
  const at = d.at ?? new Date().toISOString();
  const status = current?.status ?? 'not-started';
  const why = current?.reason ? { reason: current.reason } : {};
  return {
    items: {
      ...p.items,
      [key]: { status, by: current?.by ?? '', at: current?.at ?? '', ...why, ...storedDetails(details), editedBy: d.byName || d.by, editedAt: at },
    },
    history: [
      ...p.history,
      { checklist: d.checklist, item: d.item, from: status, to: status, details, by: d.by, byName: d.byName, ...(isMri(d.mri) ? { mri: d.mri } : {}), at },
    ],
    totalChanges: p.totalChanges + 1,
  };
}

/** A checklist's items numbered 1..N in order across its areas: the number a card and an export show. */
export type NumberedItem = { area: ChecklistArea; item: ChecklistItem; number: number };

const numbering = new WeakMap<Checklist, NumberedItem[]>();

export function numberedItems(list: Checklist): NumberedItem[] {
  let out = numbering.get(list);
  if (!out) {
    let n = 0;
    out = list.areas.flatMap((area) => area.items.map((item) => ({ area, item, number: ++n })));
    numbering.set(list, out);
  }
  return out;
}

/** An item's number within its checklist (1..N), or undefined when the checklist has no such item. */
export const itemNumber = (list: Checklist, itemId: string): number | undefined => numberedItems(list).find((x) => x.item.id === itemId)?.number;

/** Checks a change before anything is read or written: the item, the status, and a reason for Blocked. Returns the reason to keep. */
export function checkChange(catalog: Catalog, s: Pick<SetStatus, 'checklist' | 'item' | 'to' | 'reason'>): string {
  findItem(catalog, s.checklist, s.item);
  if (!isStatus(s.to)) throw new ChecklistError(`"${String(s.to)}" is not a status; use one of ${STATUSES.join(', ')}.`);
  if (s.to !== 'blocked') return '';
  const reason = cleanReason(s.reason);
  if (!reason) throw new ReasonNeededError(s.checklist, s.item);
  return reason;
}

export function findItem(catalog: Catalog, checklistId: string, itemId: string): { list: Checklist; item: ChecklistItem } {
  const list = catalog.checklists.find((l) => l.id === checklistId);
  if (!list) throw new ChecklistError(`There is no checklist "${checklistId}".`);
  const item = list.areas.flatMap((a) => a.items).find((i) => i.id === itemId);
  if (!item) throw new ChecklistError(`The checklist "${list.title}" has no item "${itemId}".`);
  return { list, item };
}

/**
 * Sets one item's status. Returns the same object when nothing changes (a double click, or a click that
 * asks for what the item already is), so callers can skip the write; otherwise a new Progress with the
 * change appended to the history. Blocked needs a reason (ReasonNeededError); a new reason for a blocked
 * item is a change of its own. A click whose `seen` is not the item's state now was made on an out-of-date
 * card and is refused (StaleCardError): it would overwrite a change its author never saw.
 */
export function setStatus(p: Progress, catalog: Catalog, s: SetStatus): Progress {
  const reason = checkChange(catalog, s);
  const key = itemKey(s.checklist, s.item);
  const current = p.items[key];
  const from = current?.status ?? 'not-started';
  if (from === s.to && (current?.reason ?? '') === reason) return p;
  if (s.seen !== undefined && s.seen !== stateSeen(current)) throw new StaleCardError(s.checklist, s.item, s.to, current, p);
  const at = s.at ?? new Date().toISOString();
  const why = reason ? { reason } : {};
  return {
    items: { ...p.items, [key]: { status: s.to, by: s.byName || s.by, at, ...why, ...editsOf(current) } },
    history: [
      ...p.history,
      { checklist: s.checklist, item: s.item, from, to: s.to, ...why, by: s.by, byName: s.byName, ...(isMri(s.mri) ? { mri: s.mri } : {}), at },
    ],
    totalChanges: p.totalChanges + 1,
  };
}

/** A run of consecutive changes moved out of the progress record: change numbers from .. from + changes.length - 1. */
export type ArchiveChunk = { from: number; changes: Change[] };

/**
 * The chunks to move out of `p` so that at most `keep` changes stay in its history: whole chunks of
 * `chunk` changes, oldest first, numbered on from where the archive ends. Needs chunk <= keep, so at
 * least keep - chunk + 1 recent changes always stay. Pure: the same record always gives the same chunks,
 * which is what lets two instances compacting at once write identical archive records.
 */
export function archivePlan(p: Progress, keep: number, chunk: number): ArchiveChunk[] {
  const plan: ArchiveChunk[] = [];
  const start = archivedCount(p);
  for (let i = 0; p.history.length - i > keep; i += chunk) plan.push({ from: start + i, changes: p.history.slice(i, i + chunk) });
  return plan;
}

/**
 * `p` without the changes numbered below `upTo`, which the caller has made sure are in the archive.
 * `archived` holds those changes as archived (from `archivedFrom` on); a record whose changes there differ
 * is not the one that was archived (a reset, a hand edit), and nothing is dropped from it.
 */
export function dropArchived(p: Progress, upTo: number, archived: Change[], archivedFrom: number): Progress {
  const start = archivedCount(p);
  if (start >= upTo) return p;
  const drop = upTo - start;
  const offset = start - archivedFrom;
  if (offset < 0 || drop > p.history.length || !p.history.slice(0, drop).every((c, i) => sameChange(c, archived[offset + i]))) {
    throw new Error(`progress: changes ${start}..${upTo - 1} of the record are not the ones archived; nothing dropped`);
  }
  return { ...p, history: p.history.slice(drop) };
}

export const sameChange = (a: Change | undefined, b: Change | undefined): boolean =>
  !!a &&
  !!b &&
  a.checklist === b.checklist &&
  a.item === b.item &&
  a.from === b.from &&
  a.to === b.to &&
  a.reason === b.reason &&
  sameDetails(a.details, b.details) &&
  a.by === b.by &&
  a.byName === b.byName &&
  a.mri === b.mri &&
  a.at === b.at;

/**
 * "N of M done": `done` of the `total` items that count. Items Not applicable or Risk accepted leave the
 * total (`items` counts every item); `statuses` says how many items have each status.
 */
export type Tally = { done: number; total: number; items: number; statuses: Record<Status, number> };

export type ChecklistSummary = { id: string; title: string; step: string } & Tally;

/** The tally of a checklist, or of one of its areas. */
export function doneCount(p: Progress, list: Checklist, areaId?: string): Tally {
  const statuses = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  let items = 0;
  for (const a of list.areas) {
    if (areaId && a.id !== areaId) continue;
    for (const i of a.items) {
      statuses[statusOf(p, list.id, i.id)]++;
      items++;
    }
  }
  const leftOut = [...LEFT_OUT].reduce((n, s) => n + statuses[s], 0);
  return { done: statuses.done, total: items - leftOut, items, statuses };
}

/** "N of M done" per checklist. */
export function summarise(p: Progress, catalog: Catalog): ChecklistSummary[] {
  return catalog.checklists.map((l) => ({ id: l.id, title: l.title, step: l.step, ...doneCount(p, l) }));
}

/** What a tally adds to "N of M done": the items left out of M, and the blocked ones ("1 not applicable · 2 blocked"). */
export function tallyNotes(t: Tally): string[] {
  const notes: string[] = [];
  for (const s of [...LEFT_OUT, 'blocked'] as Status[]) if (t.statuses[s]) notes.push(`${t.statuses[s]} ${STATUS_LABELS[s].toLowerCase()}`);
  return notes;
}

/** "2 of 4 done · 1 not applicable · 1 blocked". */
export const tallyLine = (t: Tally): string => [`${t.done} of ${t.total} done`, ...tallyNotes(t)].join(' · ');

/** What a spreadsheet may take for the start of a formula (OWASP's list: TAB and CR/LF can hide a leading one). */
const FORMULA_START = /^[=+\-@\t\r\n]/;
/** Separators and quotes: ';' because many European spreadsheet programs split on it rather than ','. */
const NEEDS_QUOTES = /[",;\r\n]/;
/**
 * A formula start right after a ';' or a line break inside a cell. A reader that splits on ';' (or a lenient
 * one that ends a row at any line break) honours quotes only at the start of what it takes for a field, so
 * for it a new field begins there, quotes or not: "x;=1+1;y" would hand it a clean "=1+1". A '"' counts,
 * as Excel reads a field that opens with one as quoted and may still take what follows for a formula.
 */
const INNER_FORMULA = /([;\r\n])(?=[=+\-@\t"])/g;

/**
 * One CSV cell. A cell that could start a formula gets a leading single quote (shown as text, never run)
 * and is quoted, so the quote stays part of the cell whatever separator the reader splits on; so does any
 * place inside the cell where a reader splitting on ';' or on line breaks would start a field.
 */
export function csvCell(s: string): string {
  const formula = FORMULA_START.test(s);
  if (!formula && !NEEDS_QUOTES.test(s)) return s;
  const safe = `${formula ? "'" : ''}${s}`.replace(INNER_FORMULA, "$1'");
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * One row per item, numbered as on the cards (1..N within each checklist): spreadsheet-friendly, with
 * formula-looking cells neutralised. `role` is who the catalog says does the item; `owner` the person the
 * team made responsible. Columns added later come last (the reason, then owner, due date and note), so the
 * ones before them stay where they were.
 */
export function exportCsv(p: Progress, catalog: Catalog): string {
  const rows = [['checklist', 'area', 'number', 'item', 'role', 'status', 'changed by', 'changed at', 'reason', 'owner', 'due', 'note']];
  for (const l of catalog.checklists) {
    for (const { area, item, number } of numberedItems(l)) {
      const state = p.items[itemKey(l.id, item.id)];
      rows.push([
        l.title,
        area.name,
        String(number),
        item.text,
        item.role,
        STATUS_LABELS[state?.status ?? 'not-started'],
        state?.by ?? '',
        state?.at ?? '',
        state?.reason ?? '',
        state?.owner ?? '',
        state?.due ?? '',
        state?.note ?? '',
      ]);
    }
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * Text made literal for Teams markdown (messages, and the markdown subset of Adaptive Card TextBlocks): a
 * display name such as "[Click me](https://evil.example)", "![x](...)", "<b>html</b>", "**bold**" or
 * "# Heading" must read as those characters, never turn into a link, an image, HTML or formatting. Every
 * character that can open markdown, HTML, an entity or a table cell is backslash-escaped (CommonMark
 * shows any escaped ASCII punctuation as itself), and so are ':' and '.', which keeps renderers that link
 * bare URLs, domains and e-mail addresses from seeing one. '-' and '+' mean something only at the start
 * (a list item). Line breaks and control characters become single spaces: one name, one line.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim()
    .replace(/[\\`*_~[\]()<>{}#|!&:.]/g, '\\$&')
    .replace(/^[-+=]/, '\\$&');
}

/** A number as people read it: "50,000". Fixed to en-US so the export reads the same on every server. */
const count = (n: number) => n.toLocaleString('en-US');

/**
 * A summary to paste into a status report: each checklist's progress, what is not done yet, and the
 * latest changes. Sent as a Teams markdown message, so every piece of text, the catalog's as well as
 * people's names, goes through markdownText.
 */
export function exportMarkdown(p: Progress, catalog: Catalog, latest = 10, now: Date = new Date()): string {
  const today = dayOf(now);
  const out: string[] = ['# RaMP checklist progress', ''];
  for (const s of summarise(p, catalog)) {
    const notes = tallyNotes(s);
    out.push(`- **${markdownText(s.title)}**: ${s.done} of ${s.total} done${notes.length ? ` (${notes.join(', ')})` : ''}`);
  }
  for (const l of catalog.checklists) {
    out.push('', `## ${markdownText(l.title)}`, '', '| # | Area | Item | Role | Status | Owner | Due | Note |', '|---|---|---|---|---|---|---|---|');
    for (const { area, item, number } of numberedItems(l)) {
      const state = p.items[itemKey(l.id, item.id)];
      const status = `${STATUS_LABELS[state?.status ?? 'not-started']}${state?.reason ? `: ${markdownText(state.reason)}` : ''}`;
      const due = state?.due ? `${markdownText(state.due)}${isOverdue(state, today) ? ' (overdue)' : ''}` : '';
      out.push(
        `| ${number} | ${markdownText(area.name)} | ${markdownText(item.text)} | ${markdownText(item.role)} | ${status} | ${markdownText(state?.owner ?? '')} | ${due} | ${markdownText(state?.note ?? '')} |`,
      );
    }
  }
  const recent = p.history.slice(-latest).reverse();
  if (recent.length) {
    out.push('', '## Latest changes', '', `Newest first; ${count(p.totalChanges)} ${p.totalChanges === 1 ? 'change' : 'changes'} in all.`, '');
    for (const c of recent) {
      const when = markdownText(`${c.at.slice(0, 16).replace('T', ' ')} UTC`);
      const why = c.reason ? ` (reason: ${markdownText(c.reason)})` : '';
      const who = markdownText(c.byName || c.by);
      if (c.details) out.push(`- ${when}: ${who} set “${markdownText(itemText(catalog, c))}” to ${markdownText(detailsLine(c.details))}`);
      else out.push(`- ${when}: ${who} set “${markdownText(itemText(catalog, c))}” from ${STATUS_LABELS[c.from]} to ${STATUS_LABELS[c.to]}${why}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** An edit's details as one plain line: "owner Ada Lovelace, due 2026-12-12, note: ask the vendor" ("no owner, no due date" when cleared). */
export function detailsLine(d: ItemDetails): string {
  const parts = [d.owner ? `owner ${d.owner}` : 'no owner', d.due ? `due ${d.due}` : 'no due date'];
  if (d.note) parts.push(`note: ${d.note}`);
  return parts.join(', ');
}

export function itemText(catalog: Catalog, c: { checklist: string; item: string }): string {
  try {
    return findItem(catalog, c.checklist, c.item).item.text;
  } catch {
    return `${c.checklist}/${c.item}`;
  }
}

const isText = (s: unknown): s is string => typeof s === 'string';

/** The owner, due date and note of a stored item: the ones that are text and not empty (an older record has none). */
function parseDetails(v: Partial<Record<keyof ItemState, unknown>>): Partial<ItemState> {
  const out: Partial<Record<keyof ItemDetails | 'editedBy' | 'editedAt', string>> = {};
  for (const k of ['owner', 'ownerId', 'due', 'note', 'editedBy', 'editedAt'] as const) {
    const x = v[k];
    if (isText(x) && x) out[k] = x;
  }
  return out;
}

/** A Teams user MRI: "29:" and an id, as Teams sends `from.id` and expects in a card's refresh.userIds. */
export const isMri = (s: unknown): s is string => typeof s === 'string' && /^29:[\w.:@-]{1,500}$/.test(s);

/** A stored change as a Change, or undefined when it is not one (byName was optional once: it becomes ''). */
function toChange(c: unknown): Change | undefined {
  const x = c as Partial<Record<keyof Change, unknown>> | null;
  if (!x || typeof x !== 'object' || !isText(x.checklist) || !isText(x.item) || !isStatus(x.from) || !isStatus(x.to) || !isText(x.by) || !isText(x.at))
    return undefined;
  return {
    checklist: x.checklist,
    item: x.item,
    from: x.from,
    to: x.to,
    ...(isText(x.reason) && x.reason ? { reason: x.reason } : {}),
    ...(x.details && typeof x.details === 'object' ? { details: detailsOf(parseDetails(x.details as Partial<ItemState>) as ItemState) } : {}),
    by: x.by,
    byName: isText(x.byName) ? x.byName : '',
    ...(isMri(x.mri) ? { mri: x.mri } : {}),
    at: x.at,
  };
}

/** Changes as stored (in the progress record or an archive record): the valid ones, in order. */
export function parseChanges(raw: unknown): Change[] {
  if (!Array.isArray(raw)) return [];
  const out: Change[] = [];
  for (const c of raw) {
    const change = toChange(c);
    if (change) out.push(change);
  }
  return out;
}

/**
 * Progress as stored may come from an older version or a hand edit: keep what is valid, drop the rest.
 * A record written before the archive existed has no totalChanges and may hold a history of any length:
 * it loads whole, and the next write compacts it. One written before the programme's statuses (four
 * statuses, no reasons) is valid as it is and loads unchanged.
 */
export function parseProgress(raw: unknown): Progress {
  const p = emptyProgress();
  if (!raw || typeof raw !== 'object') return p;
  const r = raw as Partial<Record<keyof Progress, unknown>>;
  const items = r.items && typeof r.items === 'object' ? (r.items as Record<string, Partial<ItemState> | null>) : {};
  for (const [k, v] of Object.entries(items)) {
    if (v && isStatus(v.status) && isText(v.by) && isText(v.at))
      p.items[k] = { status: v.status, by: v.by, at: v.at, ...(isText(v.reason) && v.reason ? { reason: v.reason } : {}), ...parseDetails(v) };
  }
  const stored = Array.isArray(r.history) ? (r.history as unknown[]) : [];
  p.history = parseChanges(stored);
  // Where the archive ends is counted on the history as stored, so a bad entry dropped here never shifts it.
  const total = r.totalChanges;
  const archived = typeof total === 'number' && Number.isSafeInteger(total) && total >= stored.length ? total - stored.length : 0;
  p.totalChanges = archived + p.history.length;
  return p;
}
