// The progress card's charts: a donut of statuses and bars per area for every checklist, the items done
// per week, each with the same numbers as text for clients that draw no charts; and the validator that
// lets Teams' chart elements through, and only them.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATUS_GROUPS, progressCard, statusSlices, textBar } from '../../src/cards/checklist.js';
import { CHART_TYPES, cardProblems } from '../../src/cards/validate.js';
import { type Progress, STATUSES, type Status, doneCount, emptyProgress, setStatus } from '../../src/checklist/progress.js';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { everyStatus, expectTeamsReady } from './helpers.js';

const catalog = loadCatalog(resolve(__dirname, '../../content'));
const NOW = new Date('2026-12-01T12:00:00Z');
const validateTrust = catalog.checklists.find((l) => l.id === 'validate-trust')!;

type Json = Record<string, unknown>;
type Point = { legend: string; value: number; color?: string };

/** Every element of a card's body, containers' items included (not the fallbacks). */
function elements(card: object): Json[] {
  const out: Json[] = [];
  const visit = (list: unknown) => {
    for (const e of (list as Json[] | undefined) ?? []) {
      out.push(e);
      visit(e.items);
      for (const col of (e.columns as Json[] | undefined) ?? []) visit(col.items);
    }
  };
  visit((card as Json).body);
  return out;
}
const ofType = (card: object, type: string) => elements(card).filter((e) => e.type === type);

/** A team part of the way through validate-trust: every status used, in order, across its items. */
function midway(): Progress {
  let p = emptyProgress();
  validateTrust.areas
    .flatMap((a) => a.items)
    .forEach((item, i) => {
      const to: Status = i < 7 ? 'done' : STATUSES[i % STATUSES.length]!;
      if (to === 'not-started') return;
      p = setStatus(p, catalog, {
        checklist: validateTrust.id,
        item: item.id,
        to,
        reason: 'waiting for licences',
        by: '29:ada',
        byName: 'Ada',
        at: '2026-11-24T09:00:00Z',
      });
    });
  return p;
}

describe('progress card charts', () => {
  it('gives every checklist a donut and bars per area, each with a text fallback', () => {
    for (const p of [emptyProgress(), midway()]) {
      const card = progressCard(p, catalog, 8, NOW);
      expectTeamsReady(card);
      const donuts = ofType(card, 'Chart.Donut');
      const bars = ofType(card, 'Chart.HorizontalBar.Stacked');
      expect(donuts).toHaveLength(catalog.checklists.length);
      expect(bars).toHaveLength(catalog.checklists.length);
      for (const chart of [...donuts, ...bars]) {
        expect((chart.fallback as Json).type).toBe('TextBlock');
        expect((chart.fallback as Json).text).toMatch(/\d+ of \d+/);
      }
      catalog.checklists.forEach((l, i) => expect((bars[i]!.data as { title: string }[]).map((a) => a.title)).toEqual(l.areas.map((a) => a.name)));
    }
  });

  it('slices the donut as the tally counts: done, the rest of the total, and what is left out of it', () => {
    const p = midway();
    const card = progressCard(p, catalog, 8, NOW);
    const donut = ofType(card, 'Chart.Donut')[catalog.checklists.indexOf(validateTrust)]!;
    const slices = donut.data as Point[];
    const tally = doneCount(p, validateTrust);
    const leftOut = STATUS_GROUPS.at(-1)!.legend;
    expect(leftOut).toBe('Not applicable or risk accepted');
    expect(slices.find((s) => s.legend === 'Done')?.value).toBe(tally.done);
    expect(slices.filter((s) => s.legend !== leftOut).reduce((n, s) => n + s.value, 0)).toBe(tally.total);
    expect(slices.find((s) => s.legend === leftOut)?.value).toBe(tally.statuses['not-applicable'] + tally.statuses['risk-accepted']);
    expect(slices.reduce((n, s) => n + s.value, 0)).toBe(tally.items);
    expect(slices.every((s) => Number.isInteger(s.value) && s.value > 0)).toBe(true);
    expect(slices.find((s) => s.legend === 'Blocked')).toMatchObject({ value: tally.statuses.blocked, color: 'attention' });
    // The text says the same.
    const text = (donut.fallback as Json).text as string;
    expect(text).toContain(`${tally.done} of ${tally.total} done · ${textBar(tally.done, tally.total)}`);
    expect(text).toContain(`${tally.statuses.blocked} blocked`);
  });

  it('puts each status in exactly one slice', () => {
    for (const s of STATUSES)
      expect(
        STATUS_GROUPS.filter((g) => g.statuses.includes(s)),
        s,
      ).toHaveLength(1);
    const none = doneCount(emptyProgress(), validateTrust);
    expect(statusSlices(none)).toEqual([{ legend: 'Not started', value: none.items, color: 'neutral' }]);
  });

  it('bars each area as done and to do, left-out items in neither', () => {
    const p = midway();
    const bars = ofType(progressCard(p, catalog, 8, NOW), 'Chart.HorizontalBar.Stacked')[catalog.checklists.indexOf(validateTrust)]!;
    const rows = bars.data as { title: string; data: Point[] }[];
    validateTrust.areas.forEach((area, i) => {
      const t = doneCount(p, validateTrust, area.id);
      expect(rows[i]!.data.map((d) => [d.legend, d.value])).toEqual([
        ['Done', t.done],
        ['To do', t.total - t.done],
      ]);
      expect((bars.fallback as Json).text).toContain(`${area.name} ${t.done} of ${t.total}`);
    });
  });

  it('draws the items done per week over 8 weeks, with the numbers as text; none without a history', () => {
    expect(ofType(progressCard(emptyProgress(), catalog, 8, NOW), 'Chart.Line')).toEqual([]);
    const p = midway();
    // Every click was on Tuesday 24 November: the week of 23 November gains every item done.
    const { done } = doneCount(p, validateTrust);
    const [line] = ofType(progressCard(p, catalog, 8, NOW), 'Chart.Line');
    const series = line!.data as { legend: string; values: { x: string; y: number }[] }[];
    expect(series).toHaveLength(1);
    expect(series[0]!.values.map((v) => v.x)).toEqual(['12 Oct', '19 Oct', '26 Oct', '2 Nov', '9 Nov', '16 Nov', '23 Nov', '30 Nov']);
    expect(series[0]!.values.map((v) => v.y)).toEqual([0, 0, 0, 0, 0, 0, done, 0]);
    expect((line!.fallback as Json).text).toBe(`Done per week: 12 Oct 0 · 19 Oct 0 · 26 Oct 0 · 2 Nov 0 · 9 Nov 0 · 16 Nov 0 · 23 Nov ${done} · 30 Nov 0`);
  });

  it('keeps the card within Teams limits however far a team has got', () => {
    const p = catalog.checklists.reduce((q, l) => everyStatus(q, catalog, l), emptyProgress());
    expectTeamsReady(progressCard(p, catalog, 8, NOW));
  });
});

describe('validator and charts', () => {
  const card = (...body: unknown[]) => ({ type: 'AdaptiveCard', version: '1.5', body });
  const fallback = { type: 'TextBlock', text: '3 of 12 done', wrap: true };

  it('accepts each of Teams chart elements with a fallback, and keeps their properties', () => {
    for (const type of CHART_TYPES) {
      const chart = type === 'Chart.Gauge' ? { type, value: 3, fallback } : { type, title: 't', data: [{ legend: 'Done', value: 3 }], fallback };
      expect(cardProblems(card(chart)), type).toEqual([]);
    }
  });

  it('refuses a chart without a fallback, or a fallback with a typo in it', () => {
    expect(cardProblems(card({ type: 'Chart.Donut', data: [{ legend: 'Done', value: 3 }] }))).toEqual([
      { event: 'PropertyCantBeNull', message: 'Chart.Donut needs a fallback' },
    ]);
    const inContainer = card({ type: 'Container', items: [{ type: 'Chart.Line', data: [], fallback: { type: 'TextBlok', text: 'x' } }] });
    expect(cardProblems(inContainer).map((p) => p.event)).toEqual(['UnknownElementType']);
  });

  it('still refuses unknown types, a misspelt chart among them, and a chart without data', () => {
    expect(cardProblems(card({ type: 'TextBlok', text: 'x' })).map((p) => p.event)).toEqual(['UnknownElementType']);
    expect(cardProblems(card({ type: 'Chart.Donutt', data: [], fallback })).map((p) => p.event)).toEqual(['UnknownElementType']);
    expect(cardProblems(card({ type: 'Chart.Line', fallback }))).toEqual([{ event: 'PropertyCantBeNull', message: 'Chart.Line needs a "data" list' }]);
  });
});
