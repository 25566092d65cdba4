// What the history tests share with their worker process: the real catalog, clicks that always change
// something, and records as the version before the archive wrote them.
import { fileURLToPath } from 'node:url';
import { type Change, type ItemState, type Status, itemKey } from '../../src/checklist/progress.js';
import type { ChecklistService } from '../../src/checklist/service.js';
import { loadCatalog } from '../../src/knowledge/content-loader.js';

export const catalog = loadCatalog(fileURLToPath(new URL('../../content', import.meta.url)));
export const allItems = catalog.checklists.flatMap((l) => l.areas.flatMap((a) => a.items.map((i) => ({ checklist: l.id, item: i.id }))));

/** Statuses an item goes through, click after click: each differs from the one before, so no click is a no-op. */
export const CYCLE: readonly Status[] = ['in-progress', 'done', 'not-applicable', 'not-started'];
const statusBefore = (visit: number): Status => (visit === 0 ? 'not-started' : CYCLE[(visit - 1) % CYCLE.length]!);

/**
 * `count` clicks by one person-tag, on `items` in turn: click i sets item i % items.length to its next
 * status. Clicks on one item must reach the store in call order for each to change something, which the
 * service's per-key queue gives within one instance.
 */
export async function clickMany(service: ChecklistService, scope: string, tag: string, count: number, items = allItems, concurrently = true) {
  const one = (i: number) => service.set(scope, { ...nthClick(i, items), by: `29:${tag}-${i}`, byName: `${tag} ${i}` });
  if (concurrently) return Promise.all(Array.from({ length: count }, (_, i) => one(i)));
  const out = [];
  for (let i = 0; i < count; i++) out.push(await one(i));
  return out;
}

/** Click number i of a run over `items`, which is also change number i of legacyRecord (with allItems). */
export function nthClick(i: number, items = allItems): { checklist: string; item: string; to: Status } {
  const { checklist, item } = items[i % items.length]!;
  return { checklist, item, to: CYCLE[Math.floor(i / items.length) % CYCLE.length]! };
}

/** A progress record as the version before the archive wrote it: no totalChanges, every change in history. */
export function legacyRecord(count: number): { items: Record<string, ItemState>; history: Change[] } {
  const items: Record<string, ItemState> = {};
  const history: Change[] = [];
  for (let k = 0; k < count; k++) {
    const { checklist, item } = allItems[k % allItems.length]!;
    const visit = Math.floor(k / allItems.length);
    const at = new Date(Date.UTC(2025, 0, 1) + k * 60_000).toISOString();
    const change: Change = { checklist, item, from: statusBefore(visit), to: CYCLE[visit % CYCLE.length]!, by: `29:legacy-${k}`, byName: `Legacy ${k}`, at };
    history.push(change);
    items[itemKey(checklist, item)] = { status: change.to, by: change.byName, at };
  }
  return { items, history };
}
