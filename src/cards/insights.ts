// The admins' insights card: the week's unanswered questions grouped by their key terms, helpfulness per
// page, and questions per week (src/insights builds the summary; this only lays it out).
import type { InsightsSummary } from '../insights/summary.js';
import type { MissKind } from '../storage/insights.js';
import { clip, md, mdLink, plural, readableDate } from './common.js';
import { teachCommand } from './teach.js';
import { type Card, expandCard } from './templates.js';

/** A page as the card names it: its title, and where it is. */
export type PageName = { title: string; url?: string };

/** Characters of a question shown as an example. */
const MAX_EXAMPLE = 140;
const MAX_TITLE = 90;

const KIND_NOTE: Record<MissKind, string> = {
  'no-results': 'nothing found',
  'did-you-mean': 'did you mean',
  'low-confidence': 'low-confidence answer',
};

/** "14 to 20 November 2026", "24 October to 20 November 2026", or with both years when they differ. */
const span = (from: string, to: string) => {
  const a = readableDate(from);
  const b = readableDate(to);
  if (from === to) return b;
  if (from.slice(0, 7) === to.slice(0, 7)) return `${Number(from.slice(8, 10))} to ${b}`;
  return from.slice(0, 4) === to.slice(0, 4) ? `${a.replace(/ \d{4}$/, '')} to ${b}` : `${a} to ${b}`;
};

/** What the weekly admin digest adds: its title, and the phrases taught in the week (markdown lines). */
export type InsightsExtras = { title?: string; taught?: string };

export function insightsCard(s: InsightsSummary, pageOf: (resultId: string) => PageName | undefined, extras: InsightsExtras = {}): Card {
  const titleOf = (id: string) => clip(pageOf(id)?.title ?? id, MAX_TITLE);
  const linkOf = (id: string) => {
    const page = pageOf(id);
    return page?.url ? mdLink(clip(page.title, MAX_TITLE), page.url) : md(titleOf(id));
  };
  const { questions, people } = s.missed;
  return expandCard('insights', {
    title: extras.title ?? 'Insights',
    taught: extras.taught ?? '',
    asOf: `As of ${readableDate(s.to)} (UTC)`,
    note: s.recording ? '' : 'Recording is off (INSIGHTS=off): what is shown was kept before, and nothing new is added.',
    missed: questions
      ? `${plural(questions, 'question')} from ${plural(people, 'person', 'people')}, ${span(s.unansweredFrom, s.to)}: nothing found, a “did you mean”, or a low-confidence answer. Grouped by the words they share:`
      : `No question went unanswered, ${span(s.unansweredFrom, s.to)}.`,
    groups: s.groups.map((g) => ({
      label: md(g.terms.join(' · ')),
      count: `${plural(g.questions, 'question')} · ${plural(g.people, 'person', 'people')}`,
      // `teach <words> => <words>`: the picker of the top results for the group's words (src/bot/handlers/teach.ts).
      teach: teachCommand(g.terms.join(' '), g.terms.join(' ')),
      examples: g.examples.map((e) => ({
        text: `“${md(clip(e.query, MAX_EXAMPLE))}” · ${KIND_NOTE[e.kind]}${e.resultId ? `: ${md(titleOf(e.resultId))}` : ''}`,
      })),
    })),
    votes: s.pages.length
      ? `Votes on answers, ${span(s.votesFrom, s.to)}: one per person per answer, the last one counting. Least helpful first.`
      : `No votes on answers, ${span(s.votesFrom, s.to)}.`,
    pages: s.pages.map((p) => ({ title: linkOf(p.resultId), helpful: String(p.helpful), notHelpful: String(p.notHelpful) })),
    weeks: s.weeks.map((w, i) => ({
      label: i === 0 ? `This week (from ${readableDate(w.week).replace(/ \d{4}$/, '')})` : `Week of ${readableDate(w.week).replace(/ \d{4}$/, '')}`,
      questions: String(w.questions),
      unanswered: String(w.unanswered),
      lowConfidence: String(w.lowConfidence),
    })),
    footer: `Questions are kept ${plural(s.retentionDays, 'day')}, and nobody's name or id: people are counted by a keyed hash. Only admins can see this.`,
  });
}
