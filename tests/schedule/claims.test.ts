// Exactly one instance runs each occurrence of a weekly job, whatever the number of instances and however
// they race; steps done under a claim are not done again by an instance that takes a dead one's claim over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/storage/file-store.js';
import { LostClaimError, claim, runKey } from '../../src/schedule/claims.js';
import { createScheduler } from '../../src/schedule/scheduler.js';

const root = mkdtempSync(join(tmpdir(), 'zt-claims-'));
let n = 0;
const store = () => new FileStore(join(root, `s${++n}`), { durable: false });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const monday = new Date('2027-03-01T08:00:00Z');
const later = (ms: number) => new Date(monday.getTime() + ms);
const LEASE = 60_000;

describe('claiming an occurrence', () => {
  it('of eight instances racing for it, exactly one wins', async () => {
    const s = store();
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claim(s, 'digest/a', monday, { instance: `i${i}`, now: later(1000), leaseMs: LEASE })),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('a finished occurrence is never claimed again; the next one is, and knows when the last was', async () => {
    const s = store();
    const first = (await claim(s, 'j', monday, { instance: 'a', now: later(0), leaseMs: LEASE }))!;
    await first.finish();
    expect(await claim(s, 'j', monday, { instance: 'b', now: later(LEASE * 10), leaseMs: LEASE })).toBeUndefined();
    const week2 = new Date(monday.getTime() + 7 * 86_400_000);
    const next = (await claim(s, 'j', week2, { instance: 'b', now: week2, leaseMs: LEASE }))!;
    expect(next.previousDue?.toISOString()).toBe(monday.toISOString());
    // An older occurrence than the record's is past: never claimed.
    expect(await claim(s, 'j', monday, { instance: 'c', now: week2, leaseMs: LEASE })).toBeUndefined();
  });

  it('a live claim holds; after its lease another instance takes over and does only what is left', async () => {
    const s = store();
    const dead = (await claim(s, 'j', monday, { instance: 'dead', now: later(0), leaseMs: LEASE }))!;
    await dead.done('reminder:ada', '{"owner":"Ada","reminded":true}');
    // Still within the lease: nobody else may run it.
    expect(await claim(s, 'j', monday, { instance: 'b', now: later(LEASE - 1), leaseMs: LEASE })).toBeUndefined();
    const taken = (await claim(s, 'j', monday, { instance: 'b', now: later(LEASE + 1), leaseMs: LEASE }))!;
    expect(taken.hasDone('reminder:ada')).toBe(true);
    expect(taken.hasDone('digest')).toBe(false);
    expect(taken.notes()).toEqual(['{"owner":"Ada","reminded":true}']);
    // The instance that was thought dead comes back: its claim is gone, and it is told so.
    await expect(dead.done('digest')).rejects.toBeInstanceOf(LostClaimError);
    await taken.done('digest');
    await taken.finish();
    expect((await s.get<{ state: string; steps: string[] }>(runKey('j')))!.value).toMatchObject({ state: 'done', steps: ['reminder:ada', 'digest'] });
  });
});

describe('the scheduler', () => {
  it('runs each occurrence once over many ticks of two instances, and nothing before it is due', async () => {
    const s = store();
    let now = new Date('2027-02-28T12:00:00Z');
    const runs: string[] = [];
    const job = { id: 'digest/x', weekly: { day: 'monday', time: '09:00', zone: 'Europe/Berlin' } as const, notBefore: new Date('2027-02-27T00:00:00Z') };
    const make = (name: string) =>
      createScheduler({
        store: s,
        clock: () => now,
        tickSeconds: 0,
        instance: name,
        jobs: async () => [{ ...job, run: async (c) => void runs.push(`${c.due.toISOString()} by ${name}`) }],
      });
    const [a, b] = [make('a'), make('b')];
    for (let hour = 0; hour < 24 * 21; hour += 5) {
      now = new Date(Date.parse('2027-02-28T12:00:00Z') + hour * 3_600_000);
      await Promise.all([a.tick(), b.tick()]);
    }
    expect(runs.map((r) => r.slice(0, 24))).toEqual(['2027-03-01T08:00:00.000Z', '2027-03-08T08:00:00.000Z', '2027-03-15T08:00:00.000Z']);
  });

  it('a job that fails is left to be tried again when its lease runs out, and other jobs still run', async () => {
    const s = store();
    let now = new Date('2027-03-01T08:30:00Z');
    let fail = true;
    const ran: string[] = [];
    const weekly = { day: 'monday', time: '09:00', zone: 'Europe/Berlin' } as const;
    const sched = createScheduler({
      store: s,
      clock: () => now,
      tickSeconds: 0,
      leaseMs: LEASE,
      jobs: async () => [
        {
          id: 'broken',
          weekly,
          run: async () => {
            if (fail) throw new Error('Teams is down');
            ran.push('broken');
          },
        },
        { id: 'fine', weekly, run: async () => void ran.push('fine') },
      ],
    });
    expect(await sched.tick()).toEqual({ ran: ['fine'], failed: ['broken'] });
    fail = false;
    expect(await sched.tick()).toEqual({ ran: [], failed: [] });
    now = new Date(now.getTime() + LEASE + 1);
    expect(await sched.tick()).toEqual({ ran: ['broken'], failed: [] });
    expect(ran).toEqual(['fine', 'broken']);
  });
});

describe('the scheduler when things go wrong, and on its own timer', () => {
  const weekly = { day: 'monday', time: '09:00', zone: 'UTC' } as const;

  it('a store that fails, or jobs that cannot be listed, cost a log line and the tick, never the process', async () => {
    const down = store();
    down.get = async () => {
      throw new Error('store unavailable');
    };
    const warnings: string[] = [];
    const log = { info: () => {}, warn: (event: string) => void warnings.push(event), error: () => {} };
    const sched = createScheduler({ store: down, clock: () => monday, tickSeconds: 0, log, jobs: async () => [{ id: 'j', weekly, run: async () => {} }] });
    expect(await sched.tick()).toEqual({ ran: [], failed: ['j'] });
    const noJobs = createScheduler({
      store: store(),
      tickSeconds: 0,
      log,
      jobs: async () => {
        throw new Error('store unavailable');
      },
    });
    expect(await noJobs.tick()).toEqual({ ran: [], failed: [] });
    expect(warnings).toEqual(['schedule.job.failed', 'schedule.jobs.failed']);
  });

  it('ticks by itself every SCHEDULE_TICK_SECONDS once started, and stop() waits for a tick under way', async () => {
    let ticks = 0;
    const sched = createScheduler({
      store: store(),
      clock: () => later(1000),
      tickSeconds: 0.05,
      jobs: async () => {
        ticks++;
        return [];
      },
    });
    sched.start();
    await new Promise((r) => setTimeout(r, 400));
    await sched.stop();
    const seen = ticks;
    expect(seen).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(ticks).toBe(seen);
  });
});
