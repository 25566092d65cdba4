// Team progress kept in the key-value store. Every change is a read-modify-write guarded by the record's
// eTag and retried on conflict, so fifty people clicking at once lose nothing.
//
// A click reads and rewrites the whole progress record, so the record must stay small however many
// changes a team makes: its history keeps only the latest changes, and older ones move, a chunk at a
// time, to archive records of their own ("progress-archive/<scope>/<first change number>"), written once
// and never changed. The order of writes is what keeps every acknowledged change:
//   1. the click's change is written to the progress record (that is when it is acknowledged);
//   2. when the history has overflowed, its oldest chunks are written to the archive, each created only if
//      absent (a record already there, from an instance that compacted at the same time or crashed
//      before step 3, must hold the very same changes, or compaction stops);
//   3. only then does an eTag-guarded update drop those changes from the progress record, checking that
//      what it drops is what was archived.
// A failure anywhere leaves every change in the record, the archive, or both (the overlap is read once:
// the record says where the archive ends), and the next click that overflows compacts again.
import type { Catalog } from '../knowledge/content-loader.js';
import { type Log, createLog } from '../log.js';
import { ConflictError, type KeyValueStore, update } from '../storage/kv.js';
import {
  type ArchiveChunk,
  type Change,
  type Progress,
  type SetDetails,
  type SetStatus,
  archivedCount,
  checkDetails,
  archivePlan,
  checkChange,
  dropArchived,
  isMri,
  parseChanges,
  parseProgress,
  sameChange,
  setDetails,
  setStatus,
} from './progress.js';

/** Someone seen in the conversation: their id (AAD object id where Teams gave one) and display name. */
export type Person = { id: string; name: string };

/**
 * The most changes the progress record keeps. What reads history wants only the latest: the cards (8), the
 * export (10), and the people whose cards refresh (up to 60 among those who made the changes kept).
 */
export const HISTORY_LIMIT = 200;
/**
 * Changes per archive record. Moving half the limit at a time means one compaction per 100 clicks, and the
 * record always keeps at least the latest HISTORY_LIMIT - ARCHIVE_CHUNK + 1 changes.
 */
export const ARCHIVE_CHUNK = 100;
/** Archive records written at once when a long history is compacted (an old record's first write). */
const PARALLEL_WRITES = 16;

export type ChecklistServiceOptions = {
  historyLimit?: number;
  archiveChunk?: number;
  /** Where a compaction that failed is reported (the click itself has succeeded by then). */
  log?: Log;
};

/** A checklist card posted into a conversation: enough to update it for everyone after a change. */
export type PostedCard = { checklist: string; area: string; activityId: string; conversationId: string };

/** Cards remembered per checklist and conversation: the latest post of the largest checklist, twice over. */
export const POSTED_PER_CHECKLIST = 8;

/** Where a conversation's posted cards are kept: a channel's threads count as one conversation. */
export const postedKey = (conversationId: string) => `checklist-cards/${conversationId.split(';')[0]}`;

const isPostedCard = (c: unknown): c is PostedCard => {
  const x = c as Partial<Record<keyof PostedCard, unknown>> | null;
  return (
    !!x &&
    typeof x.checklist === 'string' &&
    typeof x.area === 'string' &&
    typeof x.activityId === 'string' &&
    !!x.activityId &&
    typeof x.conversationId === 'string'
  );
};

export type ChecklistService = {
  progress(scope: string): Promise<Progress>;
  set(scope: string, change: SetStatus): Promise<Progress>;
  /** Sets an item's owner, due date and note (a bad date, or an editor that showed an older state, changes nothing). */
  edit(scope: string, change: SetDetails): Promise<Progress>;
  /**
   * People seen in this scope, most recent first: those who changed items, then owners of items. The
   * owner picker offers them to clients without Teams' people search.
   */
  people(progress: Progress, limit?: number): Person[];
  /** People who have ticked items in this scope, most recent first, by Teams MRI: their clients refresh the cards. */
  recentUsers(progress: Progress, limit?: number): string[];
  /** Every change in this scope, oldest first: the archive, then the progress record. */
  history(scope: string): Promise<Change[]>;
  /** Remembers checklist cards just posted (all into one conversation), so that a change can update them. */
  rememberCards(cards: PostedCard[]): Promise<void>;
  /** The cards of a checklist posted into this conversation that are remembered, newest first. */
  postedCards(conversationId: string, checklist: string): Promise<PostedCard[]>;
};

/** Of two versions of one record, the later one (more changes; then more of them archived). */
function newer(a: Progress | undefined, b: Progress | undefined): Progress | undefined {
  if (!a || !b) return a ?? b;
  if (a.totalChanges !== b.totalChanges) return a.totalChanges > b.totalChanges ? a : b;
  return archivedCount(a) >= archivedCount(b) ? a : b;
}

/** The archive record that starts at change number `from`; zero-padded so a listing sorts in order. */
export const archiveKey = (scope: string, from: number) => `progress-archive/${scope}/${String(from).padStart(10, '0')}`;

export function checklistService(store: KeyValueStore, catalog: Catalog, options: ChecklistServiceOptions = {}): ChecklistService {
  const { historyLimit = HISTORY_LIMIT, archiveChunk = ARCHIVE_CHUNK, log = createLog() } = options;
  if (!(Number.isSafeInteger(archiveChunk) && archiveChunk >= 1 && Number.isSafeInteger(historyLimit) && historyLimit >= archiveChunk)) {
    throw new TypeError(`checklist history: need 1 <= archiveChunk (${archiveChunk}) <= historyLimit (${historyLimit})`);
  }
  const key = (scope: string) => `progress/${scope}`;
  /** Scopes this instance is compacting now, with the newest overflowing record handed over meanwhile. */
  const compacting = new Map<string, { pending?: Progress | undefined }>();

  /**
   * Writes one chunk to the archive unless it is there already. Returns how many changes, from
   * chunk.from on, the archive now holds in that record; throws if the record there holds other changes.
   */
  async function archive(scope: string, chunk: ArchiveChunk, snapshot: Progress): Promise<number> {
    const k = archiveKey(scope, chunk.from);
    try {
      await store.put<ArchiveChunk>(k, chunk, { ifNoneMatch: '*' });
      return chunk.changes.length;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
    }
    // Written before: by an instance compacting the same record now, or by one that stopped before
    // trimming. Accept it only if every change in it is the one the record holds under that number.
    const existing = (await store.get<ArchiveChunk>(k))?.value;
    const raw: unknown = existing?.changes;
    const changes = parseChanges(raw);
    const offset = chunk.from - archivedCount(snapshot);
    // Longer than what this record holds (written from a newer one): it waits for a later compaction.
    if (existing?.from === chunk.from && changes.length > snapshot.history.length - offset) return 0;
    const same =
      existing?.from === chunk.from &&
      changes.length > 0 &&
      changes.length === (raw as unknown[]).length &&
      changes.every((c, i) => sameChange(c, snapshot.history[offset + i]));
    if (!same) throw new Error(`progress: archive record "${k}" holds other changes than the progress record`);
    return changes.length;
  }

  /**
   * Moves the oldest changes of `snapshot` (a record as written) to the archive, then drops them from the
   * record. Returns the record as that last write left it, or undefined when nothing could be moved.
   */
  async function compact(scope: string, snapshot: Progress): Promise<Progress | undefined> {
    const plan = archivePlan(snapshot, historyLimit, archiveChunk);
    const start = archivedCount(snapshot);
    let upTo = start; // every change numbered below this is in the archive
    let failure: unknown;
    for (let i = 0; i < plan.length && upTo === plan[i]!.from && failure === undefined; i += PARALLEL_WRITES) {
      const batch = plan.slice(i, i + PARALLEL_WRITES);
      const results = await Promise.allSettled(batch.map((chunk) => archive(scope, chunk, snapshot)));
      // Only an unbroken run counts: an archive that skips a chunk cannot be read back in order.
      for (const [j, r] of results.entries()) {
        if (r.status === 'rejected') {
          failure = r.reason;
          break;
        }
        // After an existing record of another length, or one that cannot be checked yet: wait for next time.
        if (batch[j]!.from !== upTo || r.value === 0) break;
        upTo += r.value;
      }
    }
    let trimmed: Progress | undefined;
    if (upTo > start) {
      const archived = snapshot.history.slice(0, upTo - start);
      trimmed = await update<Progress>(store, key(scope), (current) => dropArchived(parseProgress(current), upTo, archived, start));
    }
    if (failure !== undefined) throw failure;
    return trimmed;
  }

  /**
   * Compacts until the record is back within the limit. One compaction per scope at a time in this
   * instance: a click that overflows meanwhile hands its record to the one under way, which goes on with
   * the newest record it has seen, so the record is within bounds once the clicks have settled.
   */
  async function keepInBounds(scope: string, written: Progress): Promise<void> {
    const running = compacting.get(scope);
    if (running) {
      running.pending = newer(running.pending, written);
      return;
    }
    const state: { pending?: Progress | undefined } = {};
    compacting.set(scope, state);
    try {
      let next: Progress | undefined = written;
      while (next && next.history.length > historyLimit) {
        const trimmed = await compact(scope, next);
        next = newer(trimmed, state.pending);
        state.pending = undefined;
      }
    } catch (e) {
      // Every click's change is safe in the record; the next click that overflows tries again.
      log.warn('progress.compact_failed', { scope, error: e instanceof Error ? e.message : String(e) });
    } finally {
      compacting.delete(scope);
    }
  }

  const progress = async (scope: string) => parseProgress((await store.get<Progress>(key(scope)))?.value);

  return {
    progress,
    async set(scope, change) {
      // Validate before touching the store, so a bad click (or Blocked without a reason) changes nothing.
      // A click from an out-of-date card is refused inside the update, against the record as it is then.
      checkChange(catalog, change);
      const written = await update<Progress>(store, key(scope), (current) => setStatus(parseProgress(current), catalog, change));
      if (written.history.length > historyLimit) await keepInBounds(scope, written);
      return written;
    },
    async edit(scope, change) {
      checkDetails(catalog, change);
      const written = await update<Progress>(store, key(scope), (current) => setDetails(parseProgress(current), catalog, change));
      if (written.history.length > historyLimit) await keepInBounds(scope, written);
      return written;
    },
    people(progress, limit = 12) {
      const seen = new Map<string, string>();
      const add = (id: string | undefined, name: string | undefined) => {
        if (id && name && !seen.has(id) && seen.size < limit) seen.set(id, name);
      };
      for (let i = progress.history.length - 1; i >= 0; i--) {
        const c = progress.history[i]!;
        add(c.by, c.byName);
        if (c.details) add(c.details.ownerId, c.details.owner);
      }
      for (const state of Object.values(progress.items)) add(state.ownerId, state.owner);
      return [...seen].map(([id, name]) => ({ id, name }));
    },
    recentUsers(progress, limit = 60) {
      // Teams refreshes a card for the users named by MRI. Changes recorded before MRIs were kept have one
      // only where the person's id was their MRI (no AAD object id); an AAD object id is no use to Teams.
      const seen = new Set<string>();
      for (let i = progress.history.length - 1; i >= 0 && seen.size < limit; i--) {
        const c = progress.history[i]!;
        const mri = c.mri ?? (isMri(c.by) ? c.by : undefined);
        if (mri) seen.add(mri);
      }
      return [...seen];
    },
    async history(scope) {
      // The record first: it says where the archive ends, and archive records are never changed, so
      // reading them afterwards gives one consistent picture even while others click and compact.
      const record = await progress(scope);
      const end = archivedCount(record);
      const out: Change[] = [];
      while (out.length < end) {
        const chunk = await store.get<ArchiveChunk>(archiveKey(scope, out.length));
        const changes = parseChanges(chunk?.value?.changes);
        if (!changes.length || out.length + changes.length > end) {
          throw new Error(`progress: the archive of "${scope}" has no record that starts at change ${out.length} and ends by ${end}`);
        }
        out.push(...changes);
      }
      return [...out, ...record.history];
    },
    async rememberCards(cards) {
      const first = cards[0];
      if (!first) return;
      await update<{ cards: PostedCard[] }>(store, postedKey(first.conversationId), (current) => {
        const fresh = [...cards].reverse();
        const kept = [...fresh, ...(current?.cards ?? []).filter((c) => isPostedCard(c) && !fresh.some((f) => f.activityId === c.activityId))];
        const perList = new Map<string, number>();
        return {
          cards: kept.filter((c) => {
            const n = (perList.get(c.checklist) ?? 0) + 1;
            perList.set(c.checklist, n);
            return n <= POSTED_PER_CHECKLIST;
          }),
        };
      });
    },
    async postedCards(conversationId, checklist) {
      const stored = (await store.get<{ cards: unknown }>(postedKey(conversationId)))?.value?.cards;
      return (Array.isArray(stored) ? stored : []).filter((c): c is PostedCard => isPostedCard(c) && c.checklist === checklist);
    },
  };
}
