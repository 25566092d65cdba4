// Records what went wrong without a turn ever waiting for it or failing because of it: a turn hands an
// event over (a plain function call that cannot throw), and the events are written in the background, in
// batches, one read-modify-write per day record (src/storage/insights.ts). Errors are logged and the batch
// is dropped; the pending events are bounded, so a stalled store costs a little memory, never a turn.
import { createHmac } from 'node:crypto';
import { type Log, silentLog } from '../log.js';
import { baseConversationId } from '../storage/references.js';
import { CONFIDENT } from '../knowledge/search.js';
import { type AnswerTally, type Counts, type InsightsStore, MAX_ENTRIES_PER_DAY, type Miss, type MissKind, dayOf, daysBefore } from '../storage/insights.js';
import type { VoteOutcome } from '../storage/votes.js';

/**
 * Answers are given from CONFIDENT (0.5) up; below this they are recorded as low-confidence answers. The
 * confidence mixes how much of the question the best page covers, how much of it the page's names cover and
 * how far ahead of the next page it is: between 0.5 and 0.65 the answer usually shares only a word or two
 * with the question, or is one of several near neighbours ("secure admin workstations" -> "Secure all
 * tenants", "backup strategy" -> "breach prevention and recovery"), while from about 0.65 up it is mostly
 * the page asked for. So these are the answers an admin should look at: right enough to give, not sure
 * enough to trust.
 */
export const LOW_CONFIDENCE = CONFIDENT + 0.15;

/** Characters of a question that are kept. */
export const MAX_QUERY = 200;
const MAX_RESULT_ID = 300;
/** Events waiting to be written; beyond this they are dropped (and counted in the log). */
const MAX_PENDING = 1000;
/** Teams' own feedback on an answer older than this many days does not find what the answer was. */
const ANSWER_LOOKBACK_DAYS = 7;

/** A question the bot answered (or could not): what a turn tells the recorder. */
export type QuestionEvent = {
  query: string;
  outcome: 'answer' | 'did-you-mean' | 'no-results';
  /** The best result, if any. */
  best?: { id: string; confidence: number };
  /** Who asked, as the channel identifies them (hashed before it is written). */
  userId: string;
  /** The answer message, when one was sent: its votes are then found by it. */
  conversationId?: string;
  messageId?: string;
};

/** A vote on an answer message, with the vote store's tally after it. */
export type VoteEvent = { conversationId: string; messageId: string; outcome: VoteOutcome; via: 'card' | 'teams' };

export type Recorder = {
  question(q: QuestionEvent): void;
  vote(v: VoteEvent): void;
  /** Writes everything pending now, and resolves when it is written (or dropped after an error). */
  flush(): Promise<void>;
};

export type RecorderOptions = { log?: Log; now?: () => Date; delayMs?: number };

type Pending = ({ type: 'question' } & QuestionEvent & { at: Date }) | ({ type: 'vote' } & VoteEvent & { at: Date });

const clipped = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** The kind of miss a question was, or undefined when it was answered confidently. */
export function missKind(q: Pick<QuestionEvent, 'outcome' | 'best'>): MissKind | undefined {
  if (q.outcome !== 'answer') return q.outcome;
  return (q.best?.confidence ?? 0) < LOW_CONFIDENCE ? 'low-confidence' : undefined;
}

export function recorder(store: InsightsStore, { log = silentLog, now = () => new Date(), delayMs = 2000 }: RecorderOptions = {}): Recorder {
  let pending: Pending[] = [];
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = () => {
    if (timer || running) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, delayMs);
    timer.unref();
  };
  const add = (event: Pending) => {
    if (pending.length >= MAX_PENDING) dropped++;
    else pending.push(event);
    schedule();
  };

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (running || pending.length) {
      if (running) {
        await running;
        continue;
      }
      const batch = pending;
      pending = [];
      running = write(batch).finally(() => {
        running = undefined;
        if (pending.length) schedule();
      });
    }
  }

  async function write(batch: Pending[]): Promise<void> {
    if (dropped) log.warn('insights.dropped', { events: dropped, reason: 'too many waiting to be written' });
    dropped = 0;
    try {
      const salt = await store.salt();
      const hash = (kind: string, id: string) => createHmac('sha256', salt).update(`${kind}\n${id}`).digest('base64url').slice(0, 22);
      const answerKey = (conversationId: string, messageId: string) => hash('answer', `${baseConversationId(conversationId)}\n${messageId}`);
      const days = new Map<string, Pending[]>();
      for (const e of batch) {
        const day = dayOf(e.at);
        const list = days.get(day);
        if (list) list.push(e);
        else days.set(day, [e]);
      }
      for (const [day, events] of days) {
        const questions = events.flatMap((e) => (e.type === 'question' ? [e] : []));
        const votes = events.flatMap((e) => (e.type === 'vote' ? [e] : []));
        const misses: Miss[] = questions.flatMap((q) => {
          const kind = missKind(q);
          if (!kind) return [];
          return [
            {
              at: q.at.toISOString(),
              kind,
              query: clipped(q.query, MAX_QUERY),
              ...(q.best ? { resultId: clipped(q.best.id, MAX_RESULT_ID), confidence: q.best.confidence } : {}),
              user: hash('user', q.userId),
            },
          ];
        });
        const answered: Record<string, { query: string; resultId: string }> = {};
        for (const q of questions) {
          if (q.outcome === 'answer' && q.best && q.conversationId && q.messageId) {
            answered[answerKey(q.conversationId, q.messageId)] = { query: clipped(q.query, MAX_QUERY), resultId: clipped(q.best.id, MAX_RESULT_ID) };
          }
        }
        const tallies: Record<string, AnswerTally> = {};
        for (const v of votes) {
          const key = answerKey(v.conversationId, v.messageId);
          const about = v.outcome.query ? { query: v.outcome.query, resultId: v.outcome.resultId } : (answered[key] ?? (await answerOf(store, key, day)));
          const tally: AnswerTally = {
            query: clipped(about?.query ?? '', MAX_QUERY),
            resultId: clipped(about?.resultId ?? '', MAX_RESULT_ID),
            helpful: v.outcome.helpful,
            notHelpful: v.outcome.notHelpful,
            changes: v.outcome.changes,
            at: v.at.toISOString(),
            via: v.via,
          };
          if (!tallies[key] || tallies[key].changes < tally.changes) tallies[key] = tally;
        }
        const writes: Promise<void>[] = [];
        if (questions.length) writes.push(store.change(day, 'counts', (c) => addCounts(c, questions)));
        if (misses.length) writes.push(store.change(day, 'misses', (r) => appendCapped(r, misses)));
        if (Object.keys(answered).length) writes.push(store.change(day, 'answers', (r) => mergeCapped(r, answered)));
        if (Object.keys(tallies).length) writes.push(store.change(day, 'votes', (r) => ({ answers: laterTallies(r.answers, tallies) })));
        const failed = (await Promise.allSettled(writes)).flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
        if (failed.length) log.warn('insights.write.failed', { day, message: failed[0]!.message, failures: failed.length });
      }
    } catch (err) {
      log.warn('insights.write.failed', { events: batch.length, message: (err as Error).message });
    }
  }

  return {
    question(q) {
      try {
        add({ type: 'question', ...q, at: now() });
      } catch (err) {
        log.warn('insights.record.failed', { message: (err as Error).message });
      }
    },
    vote(v) {
      try {
        add({ type: 'vote', ...v, at: now() });
      } catch (err) {
        log.warn('insights.record.failed', { message: (err as Error).message });
      }
    },
    flush,
  };
}

/** What an answer message answered, from the answers recorded on its day and the days before. */
async function answerOf(store: InsightsStore, key: string, day: string): Promise<{ query: string; resultId: string } | undefined> {
  const records = await store.read('answers', daysBefore(day, ANSWER_LOOKBACK_DAYS), day);
  for (const { record } of records.reverse()) if (record.answers[key]) return record.answers[key];
  return undefined;
}

function addCounts(c: Counts, questions: Pick<QuestionEvent, 'outcome' | 'best'>[]): Counts {
  const next = { ...c };
  for (const q of questions) {
    next.questions++;
    if (q.outcome === 'answer') next.answered++;
    const kind = missKind(q);
    if (kind === 'low-confidence') next.lowConfidence++;
    if (kind === 'did-you-mean') next.didYouMean++;
    if (kind === 'no-results') next.noResults++;
  }
  return next;
}

function appendCapped(r: { misses: Miss[]; dropped: number }, misses: Miss[]) {
  const room = Math.max(0, MAX_ENTRIES_PER_DAY - r.misses.length);
  return { misses: [...r.misses, ...misses.slice(0, room)], dropped: r.dropped + Math.max(0, misses.length - room) };
}

function mergeCapped(
  r: { answers: Record<string, { query: string; resultId: string }>; dropped: number },
  add: Record<string, { query: string; resultId: string }>,
) {
  const answers = { ...r.answers };
  let size = Object.keys(answers).length;
  let dropped = r.dropped;
  for (const [k, v] of Object.entries(add)) {
    if (!answers[k] && size >= MAX_ENTRIES_PER_DAY) {
      dropped++;
      continue;
    }
    if (!answers[k]) size++;
    answers[k] = v;
  }
  return { answers, dropped };
}

/** Per answer, the later of two tallies: the one written after more votes (at most MAX_ENTRIES_PER_DAY answers a day). */
function laterTallies(current: Record<string, AnswerTally>, add: Record<string, AnswerTally>): Record<string, AnswerTally> {
  const out = { ...current };
  let size = Object.keys(out).length;
  for (const [k, t] of Object.entries(add)) {
    if (out[k] ? out[k].changes > t.changes : size >= MAX_ENTRIES_PER_DAY) continue;
    if (!out[k]) size++;
    out[k] = t;
  }
  return out;
}
