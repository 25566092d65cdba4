import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Change, type Status, emptyProgress, setDetails, setStatus } from '../../src/checklist/progress.js';
import { doneDelta, doneTrend, mondayOf } from '../../src/checklist/trend.js';
import { loadCatalog } from '../../src/knowledge/content-loader.js';

const catalog = loadCatalog(resolve(__dirname, '../../content'));
const ransomware = catalog.checklists.find((l) => l.id === 'ransomware-recovery-readiness')!;
const [a, b, c] = ransomware.areas[0]!.items;

// Tuesday 1 December 2026: its ISO week starts on Monday 30 November.
const NOW = new Date('2026-12-01T12:00:00Z');
const change = (from: Status, to: Status, at: string): Pick<Change, 'from' | 'to' | 'at'> => ({ from, to, at });

describe('done per week', () => {
  it('starts weeks on Monday, UTC', () => {
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    expect(day(mondayOf(Date.parse('2026-12-01T12:00:00Z')))).toBe('2026-11-30');
    expect(day(mondayOf(Date.parse('2026-11-30T00:00:00Z')))).toBe('2026-11-30');
    expect(day(mondayOf(Date.parse('2026-11-29T23:59:59Z')))).toBe('2026-11-23'); // a Sunday ends the week before
  });

  it('gives the last 8 weeks, oldest first, ending with the week of now; weeks without changes are 0', () => {
    const trend = doneTrend([], NOW);
    expect(trend.map((w) => w.week)).toEqual(['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(trend.every((w) => w.done === 0)).toBe(true);
    expect(doneTrend([], NOW, 3).map((w) => w.week)).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
  });

  it('counts items that became done, less those that left done', () => {
    const history = [
      change('not-started', 'done', '2026-11-16T09:00:00Z'),
      change('in-progress', 'done', '2026-11-18T09:00:00Z'),
      change('planned', 'in-progress', '2026-11-18T10:00:00Z'), // not about done
      change('done', 'blocked', '2026-11-24T09:00:00Z'), // left done
      change('done', 'done', '2026-11-25T09:00:00Z'), // an edit of owner or due date
      change('blocked', 'done', '2026-12-01T08:00:00Z'),
      change('done', 'not-applicable', '2026-12-01T09:00:00Z'),
      change('not-started', 'done', '2026-12-01T10:00:00Z'),
    ];
    const byWeek = Object.fromEntries(doneTrend(history, NOW).map((w) => [w.week, w.done]));
    expect(byWeek).toMatchObject({ '2026-11-09': 0, '2026-11-16': 2, '2026-11-23': -1, '2026-11-30': 1 });
    expect([doneDelta({ from: 'done', to: 'done' }), doneDelta({ from: 'done', to: 'risk-accepted' }), doneDelta({ from: 'third-party', to: 'done' })]).toEqual(
      [0, -1, 1],
    );
  });

  it('ignores changes older than the window, later than now, or with a time that does not parse', () => {
    const history = [
      change('not-started', 'done', '2026-10-11T23:59:59Z'), // the Sunday before the first week
      change('not-started', 'done', '2026-10-12T00:00:00Z'), // the first moment of the first week
      change('not-started', 'done', '2026-12-01T12:00:01Z'), // after now
      change('not-started', 'done', 'yesterday'),
    ];
    const trend = doneTrend(history, NOW);
    expect(trend[0]).toEqual({ week: '2026-10-12', done: 1 });
    expect(trend.reduce((n, w) => n + w.done, 0)).toBe(1);
  });

  it('reads a real progress record: status clicks count, edits of owner and due date do not', () => {
    const who = { by: '29:ada', byName: 'Ada' };
    let p = emptyProgress();
    p = setStatus(p, catalog, { checklist: ransomware.id, item: a!.id, to: 'done', ...who, at: '2026-11-17T09:00:00Z' });
    p = setStatus(p, catalog, { checklist: ransomware.id, item: b!.id, to: 'done', ...who, at: '2026-11-26T09:00:00Z' });
    p = setDetails(p, catalog, { checklist: ransomware.id, item: b!.id, owner: 'Ada', due: '2026-12-12', ...who, at: '2026-11-27T09:00:00Z' });
    p = setStatus(p, catalog, { checklist: ransomware.id, item: a!.id, to: 'blocked', reason: 'restore failed', ...who, at: '2026-11-30T09:00:00Z' });
    p = setStatus(p, catalog, { checklist: ransomware.id, item: c!.id, to: 'done', ...who, at: '2026-11-30T10:00:00Z' });
    expect(doneTrend(p.history, NOW).slice(-3)).toEqual([
      { week: '2026-11-16', done: 1 },
      { week: '2026-11-23', done: 1 },
      { week: '2026-11-30', done: 0 },
    ]);
  });
});
