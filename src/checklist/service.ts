// Team progress kept in the key-value store. Every change is a read-modify-write guarded by the record's
// eTag and retried on conflict, so fifty people clicking at once lose nothing.
import type { Catalog } from '../knowledge/content-loader.js';
import { type KeyValueStore, update } from '../storage/kv.js';
import { ChecklistError, type Progress, type SetStatus, findItem, isStatus, parseProgress, setStatus } from './progress.js';

export type ChecklistService = {
  progress(scope: string): Promise<Progress>;
  set(scope: string, change: SetStatus): Promise<Progress>;
  /** People who have ticked items in this scope, most recent first: their clients refresh the cards. */
  recentUsers(progress: Progress, limit?: number): string[];
};

export function checklistService(store: KeyValueStore, catalog: Catalog): ChecklistService {
  const key = (scope: string) => `progress/${scope}`;
  return {
    async progress(scope) {
      return parseProgress((await store.get<Progress>(key(scope)))?.value);
    },
    async set(scope, change) {
      // Validate before touching the store, so a bad click changes nothing.
      findItem(catalog, change.checklist, change.item);
      if (!isStatus(change.to)) throw new ChecklistError(`"${String(change.to)}" is not a status.`);
      return update<Progress>(store, key(scope), (current) => setStatus(parseProgress(current), catalog, change));
    },
    recentUsers(progress, limit = 60) {
      const seen = new Set<string>();
      for (let i = progress.history.length - 1; i >= 0 && seen.size < limit; i--) seen.add(progress.history[i]!.by);
      return [...seen];
    },
  };
}
