// Who runs a scheduled job's occurrence, when several bot instances share one store. Each occurrence is
// claimed with a compare-and-swap on the record's eTag: of the instances that see it due, exactly one
// writes the claim; the others see it taken and move on. Steps done under the claim (a reminder sent, the
// digest posted) are written to the same record as they happen, so an instance that takes over a claim
// whose holder died (its lease ran out) does only what is left. A step is posted and then recorded: an
// instance that dies between the two leaves that one step to be posted again, never a step lost.
import { ConflictError, type KeyValueStore } from '../storage/kv.js';
import { WEEK_MS } from './weekly.js';

export type RunRecord = {
  /** The occurrence (ISO time) this record is about. */
  due: string;
  state: 'claimed' | 'done';
  /** The instance that holds (or held) the claim, and until when its claim stands. */
  by: string;
  leaseUntil: string;
  /** Steps done for this occurrence ("reminder:<owner>", "digest"). */
  steps: string[];
  /** The previous occurrence that was done: what "this week" is counted from. */
  previousDue?: string;
  /** Notes for the record (a reminder that could not be delivered, and why). */
  notes?: string[];
};

export const runKey = (jobId: string) => `schedule-runs/${jobId}`;

/** The claim is lost: another instance took the occurrence over (this one was too slow) or it was done. */
export class LostClaimError extends Error {
  constructor(readonly jobId: string) {
    super(`schedule: the claim on "${jobId}" was taken over`);
    this.name = 'LostClaimError';
  }
}

export type Claim = {
  jobId: string;
  due: Date;
  /** When the previous occurrence was done (undefined: none was). */
  previousDue: Date | undefined;
  /** Where "this week" starts: the previous occurrence that was done, or a week before this one. */
  since: Date;
  /** Whether a step was done already (by an instance that held this claim before). */
  hasDone(step: string): boolean;
  /** Records a step as done; throws LostClaimError when the claim is no longer this instance's. */
  done(step: string, note?: string): Promise<void>;
  /** The notes recorded so far. */
  notes(): string[];
  /** Marks the occurrence done. */
  finish(): Promise<void>;
};

export type ClaimOptions = { instance: string; now: Date; leaseMs: number };

/**
 * Claims the occurrence `due` of a job for this instance: undefined when it is done already, held by a live
 * claim (this instance's own too: an attempt that failed is tried again once its lease has run out, not on
 * every tick), or another instance won the race for it. An occurrence older than the one
 * the record is about is never claimed (its time has passed: only the latest counts).
 */
export async function claim(store: KeyValueStore, jobId: string, due: Date, { instance, now, leaseMs }: ClaimOptions): Promise<Claim | undefined> {
  const key = runKey(jobId);
  const current = await store.get<RunRecord>(key);
  const record = current?.value;
  const dueIso = due.toISOString();
  if (record) {
    if (record.due > dueIso) return undefined;
    if (record.due === dueIso && (record.state === 'done' || record.leaseUntil > now.toISOString())) return undefined;
  }
  const sameOccurrence = record?.due === dueIso;
  const previousDue = sameOccurrence ? record.previousDue : record?.state === 'done' ? record.due : record?.previousDue;
  let value: RunRecord = {
    due: dueIso,
    state: 'claimed',
    by: instance,
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    steps: sameOccurrence ? record.steps : [],
    ...(previousDue ? { previousDue } : {}),
    ...(sameOccurrence && record.notes ? { notes: record.notes } : {}),
  };
  let etag: string;
  try {
    etag = await store.put(key, value, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
  } catch (e) {
    if (e instanceof ConflictError) return undefined;
    throw e;
  }
  const write = async (next: RunRecord) => {
    try {
      etag = await store.put(key, next, { ifMatch: etag });
      value = next;
    } catch (e) {
      throw e instanceof ConflictError ? new LostClaimError(jobId) : e;
    }
  };
  return {
    jobId,
    due,
    previousDue: previousDue ? new Date(previousDue) : undefined,
    since: previousDue ? new Date(previousDue) : new Date(due.getTime() - WEEK_MS),
    hasDone: (step) => value.steps.includes(step),
    notes: () => value.notes ?? [],
    done: (step, note) => write({ ...value, steps: [...value.steps, step], ...(note ? { notes: [...(value.notes ?? []), note] } : {}) }),
    finish: () => write({ ...value, state: 'done' }),
  };
}
