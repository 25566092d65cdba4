// The bot's weekly jobs (team digests and their reminders, the admins' digest), run inside every instance.
// Each tick, every instance looks at every job; the one that claims an occurrence (./claims.ts) runs it.
// Only the latest occurrence is ever due: an instance that comes back after weeks without any running posts
// one digest, not one per week it missed. The clock is a parameter so tests can run weeks in seconds.
import { randomUUID } from 'node:crypto';
import { type Log, silentLog } from '../log.js';
import type { KeyValueStore } from '../storage/kv.js';
import { type Claim, LostClaimError, claim } from './claims.js';
import { type Weekly, latestDue } from './weekly.js';

export type ScheduledJob = {
  /** Unique among jobs; the key of its run record. */
  id: string;
  weekly: Weekly;
  /** Occurrences before this are not run: a digest set up on Tuesday does not post last Monday's at once. */
  notBefore?: Date;
  /** Does the occurrence's work under its claim (steps recorded on the claim are not done twice). */
  run(claim: Claim, now: Date): Promise<void>;
};

export type TickReport = { ran: string[]; failed: string[] };

export type Scheduler = {
  /** One look at every job: what a timer does every SCHEDULE_TICK_SECONDS. */
  tick(): Promise<TickReport>;
  start(): void;
  /** Stops the timer and waits for a tick that is running. */
  stop(): Promise<void>;
  readonly instance: string;
};

export type SchedulerOptions = {
  store: KeyValueStore;
  /** The jobs as they are now (subscriptions change between ticks). */
  jobs: () => Promise<ScheduledJob[]>;
  clock?: () => Date;
  tickSeconds: number;
  /** How long a claim stands before another instance may take it over (its holder is taken to have died). */
  leaseMs?: number;
  instance?: string;
  log?: Log;
};

export const DEFAULT_LEASE_MS = 10 * 60_000;

export function createScheduler({
  store,
  jobs,
  clock = () => new Date(),
  tickSeconds,
  leaseMs = DEFAULT_LEASE_MS,
  instance = randomUUID(),
  log = silentLog,
}: SchedulerOptions): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<TickReport> | undefined;

  const runJob = async (job: ScheduledJob, now: Date): Promise<boolean> => {
    const due = latestDue(job.weekly, now);
    if (job.notBefore && due < job.notBefore) return false;
    const held = await claim(store, job.id, due, { instance, now, leaseMs });
    if (!held) return false;
    await job.run(held, now);
    await held.finish();
    log.info('schedule.ran', { job: job.id, due: due.toISOString() });
    return true;
  };

  const tickOnce = async (): Promise<TickReport> => {
    const report: TickReport = { ran: [], failed: [] };
    const now = clock();
    let list: ScheduledJob[];
    try {
      list = await jobs();
    } catch (err) {
      log.warn('schedule.jobs.failed', { message: (err as Error).message });
      return report;
    }
    for (const job of list) {
      try {
        if (await runJob(job, now)) report.ran.push(job.id);
      } catch (err) {
        // Left claimed: when the lease runs out, an instance tries what is left of it again.
        report.failed.push(job.id);
        if (err instanceof LostClaimError) log.warn('schedule.claim.lost', { job: job.id });
        else log.warn('schedule.job.failed', { job: job.id, message: (err as Error).message });
      }
    }
    return report;
  };

  const tick = () => {
    // One tick at a time per instance: a slow store must not pile ticks up.
    running ??= tickOnce().finally(() => (running = undefined));
    return running;
  };

  return {
    instance,
    tick,
    start() {
      if (timer || tickSeconds <= 0) return;
      timer = setInterval(() => void tick(), tickSeconds * 1000);
      timer.unref();
      void tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
