// Insights records in a real store (files in a temp folder; Blob keeps the same contract): one record per
// day and kind, appended without losing writes, bounded, hashed, and deleted when they expire.
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInsights, type Insights, LOW_CONFIDENCE } from '../../src/insights/index.js';
import { groupQuestions, helpfulness, volume, weekOf } from '../../src/insights/summary.js';
import type { Log } from '../../src/log.js';
import { type DayRecords, type Miss, insightsStore } from '../../src/storage/insights.js';
import { FileStore } from '../../src/storage/file-store.js';
import type { KeyValueStore } from '../../src/storage/kv.js';

const tempStore = () => new FileStore(mkdtempSync(join(tmpdir(), 'zt-insights-')), { durable: false });

/** A clock the test moves. */
function clock(iso: string) {
  let t = new Date(iso);
  return { now: () => t, set: (next: string) => (t = new Date(next)) };
}

const miss = (query: string, user = 'u1', at = '2026-11-20T10:00:00Z', kind: Miss['kind'] = 'no-results'): Miss => ({ at, kind, query, user });

const get = async <K extends keyof DayRecords>(store: KeyValueStore, day: string, kind: K) =>
  (await store.get<DayRecords[K]>(`insights/day/${day}/${kind}`))?.value;

function insightsOn(store: KeyValueStore, now: () => Date, extra: { retentionDays?: number; enabled?: boolean; log?: Log } = {}): Insights {
  return createInsights(store, {
    enabled: extra.enabled ?? true,
    retentionDays: extra.retentionDays ?? 90,
    now,
    delayMs: 5,
    ...(extra.log ? { log: extra.log } : {}),
  });
}

describe('recording', () => {
  it('keeps misses, low-confidence answers and counts in one record per day and kind', async () => {
    const store = tempStore();
    const c = clock('2026-11-20T10:00:00Z');
    const insights = insightsOn(store, c.now);
    insights.question({ query: 'xyzzy', outcome: 'no-results', userId: 'aad-1' });
    insights.question({ query: 'security stuff', outcome: 'did-you-mean', best: { id: 'article:sfi', confidence: 0.4 }, userId: 'aad-1' });
    insights.question({ query: 'backup strategy', outcome: 'answer', best: { id: 'page:backup', confidence: LOW_CONFIDENCE - 0.01 }, userId: 'aad-2' });
    insights.question({
      query: 'ransomware',
      outcome: 'answer',
      best: { id: 'checklist:ransomware', confidence: 0.99 },
      userId: 'aad-2',
      conversationId: 'a:1',
      messageId: 'm1',
    });
    await insights.flush();
    c.set('2026-11-21T00:00:01Z');
    insights.question({ query: 'tomorrow', outcome: 'no-results', userId: 'aad-3' });
    await insights.flush();

    expect((await store.list('insights/day/')).sort()).toEqual([
      'insights/day/2026-11-20/answers',
      'insights/day/2026-11-20/counts',
      'insights/day/2026-11-20/misses',
      'insights/day/2026-11-21/counts',
      'insights/day/2026-11-21/misses',
    ]);
    const misses = (await get(store, '2026-11-20', 'misses'))!.misses;
    expect(misses.map((m) => [m.kind, m.query, m.resultId])).toEqual([
      ['no-results', 'xyzzy', undefined],
      ['did-you-mean', 'security stuff', 'article:sfi'],
      ['low-confidence', 'backup strategy', 'page:backup'],
    ]);
    expect(await get(store, '2026-11-20', 'counts')).toEqual({ questions: 4, answered: 2, lowConfidence: 1, didYouMean: 1, noResults: 1 });
    expect(Object.values((await get(store, '2026-11-20', 'answers'))!.answers)).toEqual([{ query: 'ransomware', resultId: 'checklist:ransomware' }]);
  });

  it('clips a long question to 200 characters, and keeps at most 500 misses a day (counting the rest)', async () => {
    const store = tempStore();
    const insights = insightsOn(store, () => new Date('2026-11-20T10:00:00Z'));
    insights.question({ query: 'x'.repeat(5000), outcome: 'no-results', userId: 'aad-1' });
    await insights.flush();
    expect((await get(store, '2026-11-20', 'misses'))!.misses[0]!.query).toHaveLength(200);
    for (let i = 0; i < 520; i++) insights.question({ query: `question ${i}`, outcome: 'no-results', userId: 'aad-1' });
    await insights.flush();
    const day = (await get(store, '2026-11-20', 'misses'))!;
    expect(day.misses).toHaveLength(500);
    expect(day.dropped).toBe(21);
    expect((await get(store, '2026-11-20', 'counts'))!.questions).toBe(521);
    expect((await insights.summary()).missed.questions).toBe(521);
  });

  it('loses nothing when two instances append to the same day at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-insights-'));
    const now = () => new Date('2026-11-20T10:00:00Z');
    const [a, b] = [insightsOn(new FileStore(dir, { durable: false }), now), insightsOn(new FileStore(dir, { durable: false }), now)];
    for (let i = 0; i < 30; i++) {
      a.question({ query: `a ${i}`, outcome: 'no-results', userId: 'aad-a' });
      b.question({ query: `b ${i}`, outcome: 'did-you-mean', best: { id: 'x', confidence: 0.3 }, userId: 'aad-b' });
      if (i % 10 === 9) await Promise.all([a.flush(), b.flush()]);
    }
    await Promise.all([a.flush(), b.flush()]);
    const store = new FileStore(dir);
    expect((await get(store, '2026-11-20', 'misses'))!.misses).toHaveLength(60);
    expect((await get(store, '2026-11-20', 'counts'))!.questions).toBe(60);
  });

  it('hashes people with the salt: configured, or made once and shared by every instance', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-insights-'));
    const [one, two] = [insightsStore(new FileStore(dir)), insightsStore(new FileStore(dir))];
    const [s1, s2] = await Promise.all([one.salt(), two.salt()]);
    expect(s1).toBe(s2);
    expect(s1.length).toBeGreaterThanOrEqual(32);
    expect(await insightsStore(new FileStore(dir)).salt()).toBe(s1);

    const store = tempStore();
    const insights = createInsights(store, {
      enabled: true,
      retentionDays: 90,
      salt: 'a-deployment-salt-of-ours',
      now: () => new Date('2026-11-20T10:00:00Z'),
    });
    insights.question({ query: 'xyzzy', outcome: 'no-results', userId: 'aad-1' });
    await insights.flush();
    expect(await store.get('insights/salt')).toBeUndefined();
    const user = (await get(store, '2026-11-20', 'misses'))!.misses[0]!.user;
    expect(user).toBe(createHmac('sha256', 'a-deployment-salt-of-ours').update('user\naad-1').digest('base64url').slice(0, 22));
  });

  it('never throws at a turn, and logs and drops what the store refuses', async () => {
    const warnings: string[] = [];
    const log: Log = { info: () => {}, warn: (event) => void warnings.push(event), error: () => {} };
    const broken: KeyValueStore = {
      get: () => Promise.reject(new Error('store down')),
      put: () => Promise.reject(new Error('store down')),
      delete: () => Promise.reject(new Error('store down')),
      list: () => Promise.reject(new Error('store down')),
    };
    const insights = insightsOn(broken, () => new Date(), { log });
    expect(() => insights.question({ query: 'q', outcome: 'no-results', userId: 'u' })).not.toThrow();
    await insights.flush();
    expect(await insights.sweep()).toBe(0);
    expect(warnings).toEqual(['insights.write.failed', 'insights.sweep.failed']);
  });

  it('records nothing when turned off', async () => {
    const store = tempStore();
    const insights = insightsOn(store, () => new Date('2026-11-20T10:00:00Z'), { enabled: false });
    insights.question({ query: 'xyzzy', outcome: 'no-results', userId: 'aad-1' });
    await insights.flush();
    expect(await store.list('insights/')).toEqual([]);
  });
});

describe('retention', () => {
  it('deletes records older than the retention on a sweep, and reads ignore them before it', async () => {
    const store = tempStore();
    const c = clock('2026-11-01T12:00:00Z');
    const insights = insightsOn(store, c.now, { retentionDays: 3 });
    insights.question({ query: 'old question', outcome: 'no-results', userId: 'aad-1' });
    await insights.flush();
    // Three days kept: the 1st, 2nd and 3rd.
    c.set('2026-11-03T23:59:00Z');
    expect((await insights.summary()).missed.questions).toBe(1);
    expect(await insights.sweep()).toBe(0);
    c.set('2026-11-04T00:01:00Z');
    insights.question({ query: 'new question', outcome: 'no-results', userId: 'aad-1' });
    await insights.flush();
    const summary = await insights.summary();
    expect(summary.missed.questions).toBe(1);
    expect(summary.groups.flatMap((g) => g.examples.map((e) => e.query))).toEqual(['new question']);
    expect(await store.list('insights/day/2026-11-01/')).toHaveLength(2);
    expect(await insights.sweep()).toBe(2);
    expect((await store.list('insights/day/')).sort()).toEqual(['insights/day/2026-11-04/counts', 'insights/day/2026-11-04/misses']);
  });
});

describe('summary', () => {
  it('groups questions by the words they share, the most telling word first', () => {
    const groups = groupQuestions(
      [
        miss('How do we roll out passkeys to frontline workers?', 'a'),
        miss('passkeys for shared devices', 'b'),
        miss('passkey registration for frontline staff', 'a'),
        miss('zero trust for printers', 'c'),
        miss('how should printers authenticate', 'd'),
        miss('who owns zero trust in a small company', 'e'),
      ],
      (w) => w !== 'printers',
    );
    expect(groups.map((g) => [g.terms, g.questions, g.people])).toEqual([
      [['passkeys'], 3, 2],
      [['printers'], 2, 2],
      [['owns', 'small', 'company'], 1, 1],
    ]);
    expect(groups[0]!.examples).toHaveLength(3);
  });

  it('prefers a word the guidance does not know, then a longer one, and names a group by every word its questions share', () => {
    const questions = [miss('printers offline'), miss('printers onboarding'), miss('scanners onboarding')];
    expect(groupQuestions(questions, (w) => w !== 'printers').map((g) => g.terms)).toEqual([['printers'], ['scanners', 'onboarding']]);
    expect(groupQuestions(questions).map((g) => g.terms)).toEqual([['onboarding'], ['printers', 'offline']]);
    const both = groupQuestions([miss('Conditional Access for guests?'), miss('guest conditional access')]);
    expect(both.map((g) => [g.terms, g.questions])).toEqual([[['conditional', 'access', 'guest'], 2]]);
  });

  it('does not group by a word more than half of the questions have', () => {
    const groups = groupQuestions([
      miss('azure firewall rules'),
      miss('azure firewall logs'),
      miss('azure key vault'),
      miss('azure vault secrets'),
      miss('azure policy'),
    ]);
    expect(groups.map((g) => [g.terms, g.questions])).toEqual([
      [['firewall'], 2],
      [['vault'], 2],
      [['policy'], 1],
    ]);
  });

  it('counts each answer once, with its latest tally, per page', () => {
    const t = (resultId: string, helpful: number, notHelpful: number, changes: number) => ({
      query: 'q',
      resultId,
      helpful,
      notHelpful,
      changes,
      at: `2026-11-2${changes}T00:00:00Z`,
      via: 'card' as const,
    });
    const pages = helpfulness([
      { answers: { m1: t('page:a', 0, 1, 1), m2: t('page:b', 1, 0, 1) } },
      // The next day the same person changed their mind on m1, and someone else voted.
      { answers: { m1: t('page:a', 1, 1, 3), m3: t('page:a', 0, 1, 1), m4: t('', 0, 1, 1) } },
    ]);
    expect(pages).toEqual([
      { resultId: 'page:a', helpful: 1, notHelpful: 2, answers: 2 },
      { resultId: 'page:b', helpful: 1, notHelpful: 0, answers: 1 },
    ]);
  });

  it('sums questions per week, Monday to Sunday', () => {
    expect(weekOf('2026-11-22')).toBe('2026-11-16');
    expect(weekOf('2026-11-16')).toBe('2026-11-16');
    const day = (questions: number) => ({ questions, answered: questions - 1, lowConfidence: 1, didYouMean: 1, noResults: 0 });
    const weeks = volume(
      ['2026-11-16', '2026-11-09'],
      [
        { day: '2026-11-09', record: day(3) },
        { day: '2026-11-15', record: day(4) },
        { day: '2026-11-16', record: day(5) },
      ],
    );
    expect(weeks).toEqual([
      { week: '2026-11-16', questions: 5, answered: 4, unanswered: 1, lowConfidence: 1 },
      { week: '2026-11-09', questions: 7, answered: 5, unanswered: 2, lowConfidence: 2 },
    ]);
  });
});
