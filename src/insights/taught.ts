// Teaching from Teams: the phrases kept in the store (../storage/taught.ts), applied to search by every
// instance (../knowledge/taught.ts). No turn reads the store for them: each instance reads the record at
// start and then looks at its eTag every TAUGHT_REFRESH_SECONDS, taking the phrases in only when it
// changed; the instance where a phrase is taught or removed applies the record it wrote at once.
import { type Log, silentLog } from '../log.js';
import { type TaughtPhrase, TaughtSet } from '../knowledge/taught.js';
import { type KeyValueStore, etagOf } from '../storage/kv.js';
import { type StoredPhrase, TAUGHT_KEY, type TaughtRecord, taughtStore } from '../storage/taught.js';

export type Taught = {
  /** What the search applies (hand it to every knowledge built: KnowledgeOptions.taught). */
  readonly set: TaughtSet;
  /** Teaches a phrase for everyone; applied here at once. Throws TaughtRefused with a reason to show. */
  teach(phrase: string, entry: string, who: string): Promise<StoredPhrase[]>;
  /** Removes a phrase (its words, or its number in `list`); applied here at once. */
  remove(what: string | number): Promise<StoredPhrase | undefined>;
  /** The phrases as the store has them now, in the order they were taught. */
  list(): Promise<StoredPhrase[]>;
  /** Reads the record's eTag and, when it changed, the phrases: what the timer does. */
  refresh(): Promise<void>;
  /** Reads the phrases now, then every `refreshSeconds`. */
  start(): Promise<void>;
  stop(): void;
};

export type TaughtOptions = { refreshSeconds: number; salt: () => Promise<string>; log?: Log };

const asPhrases = (record: TaughtRecord | undefined): TaughtPhrase[] => (record?.phrases ?? []).map(({ phrase, entry }) => ({ phrase, entry }));

export function createTaught(kv: KeyValueStore, { refreshSeconds, salt, log = silentLog }: TaughtOptions): Taught {
  const store = taughtStore(kv, salt);
  const set = new TaughtSet();
  let etag: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** Applies what this instance just wrote (its eTag is read again by the next poll, and then changes nothing). */
  const apply = (record: TaughtRecord) => set.set(asPhrases(record));
  const refresh = async () => {
    try {
      // The eTag alone first (a HEAD request on Blob storage): the phrases are read only when they changed.
      if (((await etagOf(kv, TAUGHT_KEY)) ?? '') === etag) return;
      const stored = await store.read();
      etag = stored?.etag ?? '';
      set.set(asPhrases(stored?.value));
      log.info('taught.refreshed', { phrases: set.phrases().length });
    } catch (err) {
      // The phrases this instance has stay applied; the next poll tries again.
      log.warn('taught.refresh.failed', { message: (err as Error).message });
    }
  };
  return {
    set,
    async teach(phrase, entry, who) {
      const record = await store.teach(phrase, entry, who);
      apply(record);
      log.info('taught.phrase', { phrases: record.phrases.length });
      return record.phrases;
    },
    async remove(what) {
      const { removed, record } = await store.remove(what);
      apply(record);
      return removed;
    },
    list: async () => (await store.read())?.value.phrases ?? [],
    refresh,
    async start() {
      await refresh();
      if (refreshSeconds > 0 && !timer) {
        timer = setInterval(() => void refresh(), refreshSeconds * 1000);
        timer.unref();
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
