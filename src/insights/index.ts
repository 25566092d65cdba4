// Insights for the admins: what went wrong is recorded (./recorder.ts) in the store's day records
// (../storage/insights.ts), kept INSIGHTS_RETENTION_DAYS days and then deleted (a sweep at start and once a
// day; reads never return an expired record either), and summed up for the `insights` card (./summary.ts).
import { type Log, silentLog } from '../log.js';
import { type DayRecords, type InsightsStore, daysBefore, dayOf, firstKeptDay, insightsStore } from '../storage/insights.js';
import type { KeyValueStore } from '../storage/kv.js';
import { type QuestionEvent, type Recorder, type VoteEvent, recorder } from './recorder.js';
import { type InsightsSummary, MAX_GROUPS, MAX_PAGES, groupQuestions, helpfulness, volume, weekOf } from './summary.js';

export { LOW_CONFIDENCE, MAX_QUERY, type QuestionEvent, type VoteEvent } from './recorder.js';
export type { InsightsSummary, PageHelpfulness, QuestionGroup, WeekVolume } from './summary.js';

/** Days of unanswered questions the card shows: the week. */
export const UNANSWERED_DAYS = 7;
/** Days of votes the card sums per page: votes are fewer than questions, so four weeks. */
export const VOTE_DAYS = 28;
/** Weeks of volume the card shows. */
export const VOLUME_WEEKS = 8;
const SWEEP_EVERY_MS = 24 * 60 * 60 * 1000;
/** A shutdown waits this long for the pending records, and no longer. */
const STOP_WAIT_MS = 5000;

export type Insights = Pick<Recorder, 'question' | 'vote' | 'flush'> & {
  /** Whether new events are recorded (INSIGHTS=off: they are not). */
  readonly recording: boolean;
  /** Deletes the expired day records now; resolves with how many (0 when the store failed: logged). */
  sweep(): Promise<number>;
  /** The summary for the card, as of now; `knows` tells whether the guidance uses a word. */
  summary(knows?: (word: string) => boolean): Promise<InsightsSummary>;
  /** Sweeps now and then once a day. */
  start(): void;
  /** Stops the daily sweep and writes what is pending, waiting for that at most STOP_WAIT_MS. */
  stop(): Promise<void>;
};

export type InsightsOptions = {
  enabled: boolean;
  retentionDays: number;
  salt?: string | undefined;
  log?: Log;
  now?: () => Date;
  /** How long events wait to be written in one batch (default 2 s: a write per batch, not per turn). */
  delayMs?: number;
};

export function createInsights(
  kv: KeyValueStore,
  { enabled, retentionDays, salt, log = silentLog, now = () => new Date(), delayMs }: InsightsOptions,
): Insights {
  const store: InsightsStore = insightsStore(kv, salt);
  const record = enabled ? recorder(store, { log, now, ...(delayMs !== undefined ? { delayMs } : {}) }) : undefined;
  let timer: NodeJS.Timeout | undefined;
  /** The records of a kind from a day on (never before the first day still kept) to today. */
  const since = <K extends keyof DayRecords>(kind: K, from: string) => {
    const kept = firstKeptDay(now(), retentionDays);
    return store.read(kind, from > kept ? from : kept, dayOf(now()));
  };
  const sweep = async () => {
    try {
      const deleted = await store.deleteBefore(firstKeptDay(now(), retentionDays));
      if (deleted) log.info('insights.swept', { deleted, retentionDays });
      return deleted;
    } catch (err) {
      log.warn('insights.sweep.failed', { message: (err as Error).message });
      return 0;
    }
  };
  return {
    recording: enabled,
    question: (q: QuestionEvent) => record?.question(q),
    vote: (v: VoteEvent) => record?.vote(v),
    flush: async () => record?.flush(),
    sweep,
    async summary(knows) {
      const today = dayOf(now());
      const unansweredFrom = daysBefore(today, UNANSWERED_DAYS - 1);
      const votesFrom = daysBefore(today, VOTE_DAYS - 1);
      const thisWeek = weekOf(today);
      const kept = firstKeptDay(now(), retentionDays);
      // The weeks that still have a day kept, the latest first.
      const weeks = Array.from({ length: VOLUME_WEEKS }, (_, i) => daysBefore(thisWeek, 7 * i)).filter((w) => daysBefore(w, -6) >= kept);
      const [misses, votes, counts] = await Promise.all([
        since('misses', unansweredFrom),
        since('votes', votesFrom),
        since('counts', weeks[weeks.length - 1] ?? today),
      ]);
      const missed = misses.flatMap((d) => d.record.misses);
      return {
        unansweredFrom: unansweredFrom > kept ? unansweredFrom : kept,
        votesFrom: votesFrom > kept ? votesFrom : kept,
        to: today,
        // A day's record keeps its first questions and counts the rest: they count here too.
        missed: { questions: missed.length + misses.reduce((n, d) => n + d.record.dropped, 0), people: new Set(missed.map((m) => m.user)).size },
        groups: groupQuestions(missed, knows).slice(0, MAX_GROUPS),
        pages: helpfulness(votes.map((d) => d.record)).slice(0, MAX_PAGES),
        weeks: volume(weeks, counts),
        recording: enabled,
        retentionDays,
      };
    },
    start() {
      void sweep();
      timer ??= setInterval(() => void sweep(), SWEEP_EVERY_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([record?.flush(), new Promise((done) => (waited = setTimeout(done, STOP_WAIT_MS)))]);
      clearTimeout(waited);
    },
  };
}
