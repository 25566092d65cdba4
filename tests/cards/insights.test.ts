// The admins' insights card: groups of unanswered questions, helpfulness per page and volume per week, laid
// out from a summary, valid for Teams whatever the summary holds.
import { afterEach, describe, expect, it } from 'vitest';
import { insightsCard } from '../../src/cards/insights.js';
import { useShapes } from '../../src/cards/templates.js';
import type { InsightsSummary } from '../../src/insights/summary.js';
import { insightsSummary } from './fixtures.js';
import { expectTeamsReady, submits, texts } from './helpers.js';

afterEach(() => useShapes(true));

const pages = (id: string) =>
  id === 'pillar:identity' ? { title: 'Identity', url: 'https://learn.microsoft.com/security/zero-trust/deploy/identity' } : undefined;
const empty: InsightsSummary = { ...insightsSummary, missed: { questions: 0, people: 0 }, groups: [], pages: [], weeks: insightsSummary.weeks.slice(0, 1) };

describe('insights card', () => {
  const card = insightsCard(insightsSummary, pages);
  const t = texts(card);

  it('is a valid Teams card', () => {
    expectTeamsReady(card);
    expectTeamsReady(insightsCard(empty, pages));
    expectTeamsReady(insightsCard({ ...insightsSummary, recording: false }, pages));
  });

  it('shows the groups of unanswered questions with their counts and examples, and what was offered', () => {
    expect(t).toContain(
      '5 questions from 3 people, 14 to 20 November 2026: nothing found, a “did you mean”, or a low-confidence answer. Grouped by the words they share:',
    );
    expect(t).toContain('passkeys · frontline');
    expect(t).toContain('3 questions · 2 people');
    expect(t).toContain('“passkeys for frontline workers” · nothing found');
    // Markdown typed by a user stays text.
    expect(t).toContain('“how do frontline staff use passkeys \\[kiosk\\]” · did you mean: Identity');
    expect(t).toContain('“zero trust for printers” · low-confidence answer: pillar:endpoints');
  });

  it('shows helpful and not helpful per page, linked when the page is known', () => {
    expect(t).toContain('[Identity](https://learn.microsoft.com/security/zero-trust/deploy/identity)');
    expect(t).toContain('page:unknown');
    const row = t.indexOf('[Identity](https://learn.microsoft.com/security/zero-trust/deploy/identity)');
    expect(t.slice(row, row + 3)).toEqual(['[Identity](https://learn.microsoft.com/security/zero-trust/deploy/identity)', '2', '3']);
  });

  it('shows questions per week, the latest first', () => {
    const row = t.indexOf('This week (from 16 November)');
    expect(t.slice(row, row + 4)).toEqual(['This week (from 16 November)', '40', '5', '2']);
    expect(t).toContain('Week of 26 October');
  });

  it('says so when nothing went wrong, and when recording is off', () => {
    const none = texts(insightsCard(empty, pages));
    expect(none).toContain('No question went unanswered, 14 to 20 November 2026.');
    expect(none).toContain('No votes on answers, 24 October to 20 November 2026.');
    expect(none).not.toContain('Page');
    expect(t.some((x) => x.includes('INSIGHTS=off'))).toBe(false);
    expect(texts(insightsCard({ ...insightsSummary, recording: false }, pages)).some((x) => x.includes('Recording is off (INSIGHTS=off)'))).toBe(true);
  });

  it('offers to teach a page for the words of each group (the picker of their top results), and refreshes with the command', () => {
    expect(submits(card).map((a) => a.data)).toEqual([
      ...insightsSummary.groups.map((g) => ({ action: `teach ${g.terms.join(' ')} => ${g.terms.join(' ')}` })),
      { action: 'insights' },
    ]);
    expect(submits(insightsCard(empty, pages)).map((a) => a.data)).toEqual([{ action: 'insights' }]);
  });

  it('is the card the templating library expands', () => {
    const summaries = [insightsSummary, empty, { ...insightsSummary, recording: false }];
    useShapes(false);
    const direct = summaries.map((s) => insightsCard(s, pages));
    useShapes(true);
    expect(summaries.map((s) => insightsCard(s, pages))).toEqual(direct);
  });
});
