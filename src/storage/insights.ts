// What went wrong, kept for the admins (src/insights): questions that found nothing or only a "did you
// mean", answers the search was not sure of, and the votes on answers. One record per day and kind,
// `insights/day/<yyyy-mm-dd>/<kind>`, appended with the eTag-guarded update (kv.ts), so instances sharing a
// store never lose each other's writes, and the store holds at most (retention days × kinds) records, each
// of a bounded size. Nobody is named: a person is an HMAC-SHA256 of their id with the deployment's salt,
// an answer message an HMAC of its conversation and message ids.
import { randomBytes } from 'node:crypto';
import { ConflictError, type KeyValueStore, update } from './kv.js';

export const INSIGHTS_PREFIX = 'insights/';
const DAY_PREFIX = `${INSIGHTS_PREFIX}day/`;
const SALT_KEY = `${INSIGHTS_PREFIX}salt`;

/** Entries one day's record of misses (or answers) keeps; later ones are counted, not kept. */
export const MAX_ENTRIES_PER_DAY = 500;

export type MissKind = 'no-results' | 'did-you-mean' | 'low-confidence';

/** A question that was not answered, or not answered well. */
export type Miss = {
  /** ISO time. */
  at: string;
  kind: MissKind;
  /** The question as asked, clipped. */
  query: string;
  /** The best result, when there was one (the "did you mean" or low-confidence answer). */
  resultId?: string;
  confidence?: number;
  /** HMAC of who asked: how many people ask the same thing, never who. */
  user: string;
};

/** How many questions a day had, and what became of them. */
export type Counts = { questions: number; answered: number; lowConfidence: number; didYouMean: number; noResults: number };

/** The answer a vote was about, and its tally as the vote store counts it (one vote per person, the last one). */
export type AnswerTally = {
  query: string;
  resultId: string;
  helpful: number;
  notHelpful: number;
  /** The vote store's change count: of two tallies of one answer, the one with more is the later. */
  changes: number;
  /** ISO time of the vote that made this tally. */
  at: string;
  /** Where the vote came from: the card's buttons, or Teams' own feedback. */
  via: 'card' | 'teams';
};

/** Each kind of day record, by its name in the key. */
export type DayRecords = {
  counts: Counts;
  misses: { misses: Miss[]; dropped: number };
  /** Answered messages by answer key: what Teams' own feedback, which names only the message, was about. */
  answers: { answers: Record<string, { query: string; resultId: string }>; dropped: number };
  /** Tallies of the answers voted on that day, by answer key. */
  votes: { answers: Record<string, AnswerTally> };
};
export type DayKind = keyof DayRecords;

export const EMPTY: { [K in DayKind]: () => DayRecords[K] } = {
  counts: () => ({ questions: 0, answered: 0, lowConfidence: 0, didYouMean: 0, noResults: 0 }),
  misses: () => ({ misses: [], dropped: 0 }),
  answers: () => ({ answers: {}, dropped: 0 }),
  votes: () => ({ answers: {} }),
};

const DAY_MS = 86_400_000;

/** The UTC day of a time, as yyyy-mm-dd. */
export const dayOf = (t: Date | number): string => new Date(t).toISOString().slice(0, 10);
/** The day `n` days before (negative: after) `day`. */
export const daysBefore = (day: string, n: number): string => dayOf(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS);

/**
 * The first day still kept: records of earlier days are expired. Today and the retentionDays - 1 days before
 * it are kept, so a record lives retentionDays days (to the end of its last day).
 */
export const firstKeptDay = (now: Date, retentionDays: number): string => daysBefore(dayOf(now), retentionDays - 1);

const dayKey = (day: string, kind: DayKind) => `${DAY_PREFIX}${day}/${kind}`;

/** The day and kind a key of a day record names, or undefined for any other key. */
export function parseDayKey(key: string): { day: string; kind: DayKind } | undefined {
  const m = /^insights\/day\/(\d{4}-\d{2}-\d{2})\/(counts|misses|answers|votes)$/.exec(key);
  return m ? { day: m[1]!, kind: m[2] as DayKind } : undefined;
}

export type InsightsStore = {
  /** Read-modify-write of one day's record of a kind, never losing another instance's change. */
  change<K extends DayKind>(day: string, kind: K, fn: (current: DayRecords[K]) => DayRecords[K]): Promise<void>;
  /** The days from `from` to `to` (inclusive) that have a record of this kind, with the records, oldest first. */
  read<K extends DayKind>(kind: K, from: string, to: string): Promise<{ day: string; record: DayRecords[K] }[]>;
  /** Deletes every day record before `firstKept`; returns how many it deleted. */
  deleteBefore(firstKept: string): Promise<number>;
  /** The salt user ids are hashed with: the configured one, or one made once and kept in the store. */
  salt(): Promise<string>;
};

export function insightsStore(store: KeyValueStore, configuredSalt?: string): InsightsStore {
  const dayKeys = async () => (await store.list(DAY_PREFIX)).flatMap((key) => parseDayKey(key) ?? []);
  let salt: Promise<string> | undefined;
  return {
    async change(day, kind, fn) {
      await update<DayRecords[typeof kind]>(store, dayKey(day, kind), (current) => fn(current ?? EMPTY[kind]()));
    },
    async read(kind, from, to) {
      const days = (await dayKeys()).filter((k) => k.kind === kind && k.day >= from && k.day <= to).map((k) => k.day);
      const got = await Promise.all(days.sort().map(async (day) => ({ day, stored: await store.get<DayRecords[typeof kind]>(dayKey(day, kind)) })));
      return got.flatMap(({ day, stored }) => (stored ? [{ day, record: stored.value }] : []));
    },
    async deleteBefore(firstKept) {
      const old = (await dayKeys()).filter((k) => k.day < firstKept);
      for (const k of old) await store.delete(dayKey(k.day, k.kind));
      return old.length;
    },
    salt() {
      if (configuredSalt) return Promise.resolve(configuredSalt);
      // Asked again after a failure (a store outage), not remembered as failed.
      salt ??= storedSalt(store).catch((err: unknown) => {
        salt = undefined;
        throw err;
      });
      return salt;
    },
  };
}

/** The salt kept in the store: the first instance to need one makes it, and every other instance reads it. */
async function storedSalt(store: KeyValueStore): Promise<string> {
  const current = await store.get<{ salt?: unknown }>(SALT_KEY);
  if (typeof current?.value.salt === 'string' && current.value.salt) return current.value.salt;
  const salt = randomBytes(32).toString('base64url');
  try {
    await store.put(SALT_KEY, { salt, createdAt: new Date().toISOString() }, { ifNoneMatch: '*' });
    return salt;
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    // Another instance made it first: theirs is the one.
    const theirs = await store.get<{ salt?: unknown }>(SALT_KEY);
    if (typeof theirs?.value.salt === 'string' && theirs.value.salt) return theirs.value.salt;
    throw err;
  }
}
