// Team progress on the RaMP checklists: the status of every item and the history of every change. Plain
// data in, plain data out, so it can be stored anywhere and tested without a bot.
import type { Catalog } from '../knowledge/content-loader.js';
import type { Checklist, ChecklistItem } from '../knowledge/schema.js';

export const STATUSES = ['not-started', 'in-progress', 'done', 'not-applicable'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  done: 'Done',
  'not-applicable': 'Not applicable',
};

export const isStatus = (s: unknown): s is Status => typeof s === 'string' && (STATUSES as readonly string[]).includes(s);

export type ItemState = { status: Status; by: string; at: string };

export type Change = {
  checklist: string;
  item: string;
  from: Status;
  to: Status;
  /** Who made the change: their Teams id and display name. */
  by: string;
  byName: string;
  at: string;
};

export type Progress = {
  /** "<checklist>/<item>" -> its current state; absent means not started. */
  items: Record<string, ItemState>;
  /** Every change, oldest first. */
  history: Change[];
};

export const emptyProgress = (): Progress => ({ items: {}, history: [] });

export const itemKey = (checklist: string, item: string) => `${checklist}/${item}`;

export function statusOf(p: Progress, checklist: string, item: string): Status {
  return p.items[itemKey(checklist, item)]?.status ?? 'not-started';
}

export type SetStatus = { checklist: string; item: string; to: Status; by: string; byName: string; at?: string };

export class ChecklistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChecklistError';
  }
}

export function findItem(catalog: Catalog, checklistId: string, itemId: string): { list: Checklist; item: ChecklistItem } {
  const list = catalog.checklists.find((l) => l.id === checklistId);
  if (!list) throw new ChecklistError(`There is no checklist "${checklistId}".`);
  const item = list.areas.flatMap((a) => a.items).find((i) => i.id === itemId);
  if (!item) throw new ChecklistError(`The checklist "${list.title}" has no item "${itemId}".`);
  return { list, item };
}

/**
 * Sets one item's status. Returns the same object when nothing changes (a double click), so callers can
 * skip the write; otherwise a new Progress with the change appended to the history.
 */
export function setStatus(p: Progress, catalog: Catalog, s: SetStatus): Progress {
  findItem(catalog, s.checklist, s.item);
  if (!isStatus(s.to)) throw new ChecklistError(`"${String(s.to)}" is not a status; use one of ${STATUSES.join(', ')}.`);
  const from = statusOf(p, s.checklist, s.item);
  if (from === s.to) return p;
  const at = s.at ?? new Date().toISOString();
  return {
    items: { ...p.items, [itemKey(s.checklist, s.item)]: { status: s.to, by: s.byName || s.by, at } },
    history: [...p.history, { checklist: s.checklist, item: s.item, from, to: s.to, by: s.by, byName: s.byName, at }],
  };
}

export type ChecklistSummary = { id: string; title: string; step: string; done: number; total: number; applicable: number };

/** "N of M done" per checklist; items marked not applicable still count in M, and are reported apart. */
export function summarise(p: Progress, catalog: Catalog): ChecklistSummary[] {
  return catalog.checklists.map((l) => {
    const items = l.areas.flatMap((a) => a.items);
    const statuses = items.map((i) => statusOf(p, l.id, i.id));
    return {
      id: l.id,
      title: l.title,
      step: l.step,
      done: statuses.filter((s) => s === 'done').length,
      total: items.length,
      applicable: statuses.filter((s) => s !== 'not-applicable').length,
    };
  });
}

export function doneCount(p: Progress, list: Checklist, areaId?: string): { done: number; total: number } {
  const items = list.areas.filter((a) => !areaId || a.id === areaId).flatMap((a) => a.items);
  return { done: items.filter((i) => statusOf(p, list.id, i.id) === 'done').length, total: items.length };
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s);

/** One row per item: spreadsheet-friendly, with formula-looking cells neutralised. */
export function exportCsv(p: Progress, catalog: Catalog): string {
  const rows = [['checklist', 'area', 'number', 'item', 'owner', 'status', 'changed by', 'changed at']];
  for (const l of catalog.checklists) {
    for (const a of l.areas) {
      for (const i of a.items) {
        const state = p.items[itemKey(l.id, i.id)];
        rows.push([l.title, a.name, String(i.number), i.text, i.role, STATUS_LABELS[state?.status ?? 'not-started'], state?.by ?? '', state?.at ?? '']);
      }
    }
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** A summary to paste into a status report: each checklist's progress, then what is not done yet. */
export function exportMarkdown(p: Progress, catalog: Catalog, latest = 10): string {
  const out: string[] = ['# RaMP checklist progress', ''];
  for (const s of summarise(p, catalog)) out.push(`- **${s.title}**: ${s.done} of ${s.total} done${s.applicable < s.total ? ` (${s.total - s.applicable} not applicable)` : ''}`);
  for (const l of catalog.checklists) {
    out.push('', `## ${l.title}`, '', '| # | Item | Owner | Status |', '|---|---|---|---|');
    for (const a of l.areas) {
      for (const i of a.items) out.push(`| ${a.name} ${i.number} | ${mdCell(i.text)} | ${mdCell(i.role)} | ${STATUS_LABELS[statusOf(p, l.id, i.id)]} |`);
    }
  }
  const recent = p.history.slice(-latest).reverse();
  if (recent.length) {
    out.push('', '## Latest changes', '');
    for (const c of recent) out.push(`- ${c.at.slice(0, 16).replace('T', ' ')} UTC: ${mdCell(c.byName || c.by)} set "${mdCell(itemText(catalog, c))}" from ${STATUS_LABELS[c.from]} to ${STATUS_LABELS[c.to]}`);
  }
  return `${out.join('\n')}\n`;
}

export function itemText(catalog: Catalog, c: { checklist: string; item: string }): string {
  try {
    return findItem(catalog, c.checklist, c.item).item.text;
  } catch {
    return `${c.checklist}/${c.item}`;
  }
}

/** Progress as stored may come from an older version or a hand edit: keep what is valid, drop the rest. */
export function parseProgress(raw: unknown): Progress {
  const p = emptyProgress();
  if (!raw || typeof raw !== 'object') return p;
  const r = raw as Partial<Progress>;
  for (const [k, v] of Object.entries(r.items ?? {})) if (v && isStatus(v.status)) p.items[k] = v;
  if (Array.isArray(r.history)) p.history = r.history.filter((c) => c && isStatus(c.from) && isStatus(c.to));
  return p;
}
