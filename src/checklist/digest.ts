// What a team's weekly digest says, computed from its progress and history: what moved since the last
// digest, what is blocked, overdue, and in progress for too long, with the owners, and who to remind.
import type { Catalog } from '../knowledge/content-loader.js';
import type { Checklist } from '../knowledge/schema.js';
import {
  type Change,
  type ChecklistSummary,
  type ItemState,
  type Progress,
  type Status,
  dayOf,
  doneCount,
  isOverdue,
  itemKey,
  numberedItems,
} from './progress.js';

/** In progress for longer than this and the digest calls it out. */
export const STALE_DAYS = 14;

export type DigestItem = { checklist: string; item: string; checklistTitle: string; number: number; text: string; state: ItemState | undefined };

/** An item whose status moved in the week: from what it was at the start to what it is at the end. */
export type MovedItem = DigestItem & { from: Status; to: Status; byName: string; at: string };

export type TeamDigest = {
  /** The week it covers: changes after `since`, up to `now`. */
  since: string;
  now: string;
  /** The checklists the team has started (any item with a state), with their tallies. */
  checklists: ChecklistSummary[];
  moved: MovedItem[];
  blocked: DigestItem[];
  overdue: DigestItem[];
  /** In progress for more than STALE_DAYS days. */
  stale: DigestItem[];
};

export type OwnerReminder = { ownerId: string; owner: string; items: DigestItem[] };

const started = (p: Progress, list: Checklist) => list.areas.some((a) => a.items.some((i) => p.items[itemKey(list.id, i.id)]));

export function teamDigest(progress: Progress, history: readonly Change[], catalog: Catalog, since: Date, now: Date): TeamDigest {
  const items = catalog.checklists.flatMap((list) =>
    numberedItems(list).map(({ item, number }): DigestItem => ({
      checklist: list.id,
      item: item.id,
      checklistTitle: list.title,
      number,
      text: item.text,
      state: progress.items[itemKey(list.id, item.id)],
    })),
  );
  const byKey = new Map(items.map((x) => [itemKey(x.checklist, x.item), x]));
  const from = since.toISOString();
  const to = now.toISOString();
  // Per item: its status before the week's first change and after its last; an item that went back where it
  // started did not move.
  const moves = new Map<string, { from: Status; last: Change }>();
  for (const c of history) {
    if (c.at <= from || c.at > to || c.details) continue;
    const k = itemKey(c.checklist, c.item);
    const seen = moves.get(k);
    moves.set(k, { from: seen?.from ?? c.from, last: c });
  }
  const moved: MovedItem[] = [];
  for (const [k, { from: was, last }] of moves) {
    const item = byKey.get(k);
    if (item && was !== last.to) moved.push({ ...item, from: was, to: last.to, byName: last.byName || last.by, at: last.at });
  }
  const today = dayOf(now);
  const staleBefore = new Date(now.getTime() - STALE_DAYS * 86_400_000).toISOString();
  return {
    since: from,
    now: to,
    checklists: catalog.checklists.filter((l) => started(progress, l)).map((l) => ({ id: l.id, title: l.title, step: l.step, ...doneCount(progress, l) })),
    moved,
    blocked: items.filter((x) => x.state?.status === 'blocked'),
    overdue: items.filter((x) => isOverdue(x.state, today)).sort((a, b) => a.state!.due!.localeCompare(b.state!.due!)),
    stale: items.filter((x) => x.state?.status === 'in-progress' && !!x.state.at && x.state.at < staleBefore),
  };
}

/** The owners of overdue items, each with their items: who gets a reminder. Items without an owner id are left to the digest. */
export function overdueOwners(d: TeamDigest): OwnerReminder[] {
  const owners = new Map<string, OwnerReminder>();
  for (const item of d.overdue) {
    const id = item.state?.ownerId;
    if (!id) continue;
    const r = owners.get(id) ?? { ownerId: id, owner: item.state?.owner || id, items: [] };
    r.items.push(item);
    owners.set(id, r);
  }
  return [...owners.values()];
}

/** Whether the digest has anything to say beyond the totals. */
export const isQuietWeek = (d: TeamDigest) => !d.moved.length && !d.blocked.length && !d.overdue.length && !d.stale.length;
