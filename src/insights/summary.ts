// What the admins see, from the day records: the week's unanswered questions grouped by their key terms,
// helpfulness per page (the vote store's tallies, one vote per person per answer, the last one counting),
// and questions per week. Plain functions of the records, so they are tested without a store.
import { STOPWORDS, queryWords, stem, typedWords } from '../knowledge/text.js';
import type { AnswerTally, Counts, Miss, MissKind } from '../storage/insights.js';

export type QuestionGroup = {
  /** The words the questions share, as typed, most telling first. */
  terms: string[];
  /** Questions asked (each time counts), and by how many people. */
  questions: number;
  people: number;
  /** Distinct questions, the most asked first, then the latest. */
  examples: { query: string; kind: MissKind; resultId?: string }[];
};

export type PageHelpfulness = { resultId: string; helpful: number; notHelpful: number; answers: number };

export type WeekVolume = { week: string; questions: number; answered: number; unanswered: number; lowConfidence: number };

export type InsightsSummary = {
  /** The days the unanswered questions and the votes are from (yyyy-mm-dd, inclusive). */
  unansweredFrom: string;
  votesFrom: string;
  to: string;
  missed: { questions: number; people: number };
  groups: QuestionGroup[];
  pages: PageHelpfulness[];
  /** The latest week first. */
  weeks: WeekVolume[];
  /** Whether new questions are being recorded (INSIGHTS). */
  recording: boolean;
  /** Days a record is kept (INSIGHTS_RETENTION_DAYS). */
  retentionDays: number;
};

export const MAX_GROUPS = 8;
export const MAX_EXAMPLES = 3;
export const MAX_PAGES = 10;

/**
 * Words that nearly every question to this bot has: its subject, not what a question is about. Stems, like
 * the question words they are compared with.
 */
const SUBJECT_WORDS = new Set(['zero', 'trust', 'microsoft', 'security', 'secure', 'guidance', 'guide'].map(stem));

type Item = { miss: Miss; stems: string[]; typed: Map<string, string> };

/** A question's key terms: its words (queryWords) without stopwords or the bot's subject, each once. */
export function keyTerms(query: string): { stem: string; typed: string }[] {
  const typed = typedWords(query);
  const stems = queryWords(query);
  const out: { stem: string; typed: string }[] = [];
  stems.forEach((s, i) => {
    const word = typed[i]!;
    if (STOPWORDS.has(word) || SUBJECT_WORDS.has(s) || out.some((t) => t.stem === s)) return;
    out.push({ stem: s, typed: word });
  });
  return out;
}

/**
 * Groups questions that share their most telling words. The word shared by the most questions (two at least)
 * makes a group of every question that has it; among words shared equally, one the guidance does not know
 * (what it has no page for) is more telling, then a longer one. A word in more than half of the questions
 * (when there are four or more) is what they all share, not a group, and does not name one either.
 * Repeated until no word is shared; every question left is a group of its own. Largest groups first.
 */
export function groupQuestions(misses: Miss[], knows: (word: string) => boolean = () => true): QuestionGroup[] {
  const items: Item[] = misses.map((miss) => {
    const terms = keyTerms(miss.query);
    // A question of stopwords alone is its own words.
    const own = terms.length ? terms : [{ stem: miss.query.toLowerCase().trim(), typed: miss.query.toLowerCase().trim() }];
    return { miss, stems: own.map((t) => t.stem), typed: new Map(own.map((t) => [t.stem, t.typed])) };
  });
  const typedOf = (stem: string, members: Item[]) => mostCommon(members.flatMap((m) => m.typed.get(stem) ?? []));
  const tellingFirst = (members: Item[]) => {
    const rank = new Map<string, [boolean, number]>();
    const of = (s: string) => {
      let r = rank.get(s);
      if (!r) {
        const word = typedOf(s, members);
        rank.set(s, (r = [!knows(word), word.length]));
      }
      return r;
    };
    return (a: string, b: string) => Number(of(b)[0]) - Number(of(a)[0]) || of(b)[1] - of(a)[1] || a.localeCompare(b);
  };
  const most = items.length >= 4 ? items.length / 2 : Infinity;
  const everywhere = new Set<string>();
  const all = new Map<string, number>();
  for (const item of items) for (const s of item.stems) all.set(s, (all.get(s) ?? 0) + 1);
  for (const [s, n] of all) if (n > most) everywhere.add(s);
  const groups: { stems: string[]; members: Item[] }[] = [];
  let rest = items;
  for (;;) {
    const shared = new Map<string, number>();
    for (const item of rest) for (const s of item.stems) if (!everywhere.has(s)) shared.set(s, (shared.get(s) ?? 0) + 1);
    const candidates = [...shared].filter(([, n]) => n >= 2);
    if (!candidates.length) break;
    const top = Math.max(...candidates.map(([, n]) => n));
    const best = candidates
      .filter(([, n]) => n === top)
      .map(([s]) => s)
      .sort(tellingFirst(rest))[0]!;
    const members = rest.filter((i) => i.stems.includes(best));
    // The other words every member has name the group more precisely ("conditional access").
    const also = members[0]!.stems.filter((s) => s !== best && !everywhere.has(s) && members.every((m) => m.stems.includes(s))).sort(tellingFirst(members));
    groups.push({ stems: inQuestionOrder([best, ...also.slice(0, 2)], members[0]!), members });
    rest = rest.filter((i) => !members.includes(i));
  }
  for (const item of rest) {
    const own = item.stems.filter((s) => !everywhere.has(s));
    groups.push({ stems: (own.length ? own : item.stems).slice(0, 3), members: [item] });
  }
  return groups
    .map(({ stems, members }) => ({
      terms: stems.map((s) => typedOf(s, members)),
      questions: members.length,
      people: new Set(members.map((m) => m.miss.user)).size,
      examples: examplesOf(members),
      latest: members.reduce((t, m) => (m.miss.at > t ? m.miss.at : t), ''),
    }))
    .sort((a, b) => b.questions - a.questions || b.people - a.people || b.latest.localeCompare(a.latest))
    .map(({ latest: _latest, ...group }) => group);
}

/** Words in the order a question has them, so a group reads "conditional access", not "access conditional". */
const inQuestionOrder = (stems: string[], item: Item) => [...stems].sort((a, b) => item.stems.indexOf(a) - item.stems.indexOf(b));

function mostCommon(words: string[]): string {
  const n = new Map<string, number>();
  for (const w of words) n.set(w, (n.get(w) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
}

function examplesOf(members: Item[]): QuestionGroup['examples'] {
  const byText = new Map<string, { miss: Miss; times: number }>();
  for (const { miss } of members) {
    const key = miss.query.toLowerCase().replace(/\s+/g, ' ').trim();
    const seen = byText.get(key);
    if (!seen) byText.set(key, { miss, times: 1 });
    else byText.set(key, { miss: miss.at > seen.miss.at ? miss : seen.miss, times: seen.times + 1 });
  }
  return [...byText.values()]
    .sort((a, b) => b.times - a.times || b.miss.at.localeCompare(a.miss.at))
    .slice(0, MAX_EXAMPLES)
    .map(({ miss }) => ({ query: miss.query, kind: miss.kind, ...(miss.resultId ? { resultId: miss.resultId } : {}) }));
}

/**
 * Helpful and not helpful per page. Each answer message counts with its latest tally (the vote store keeps
 * one vote per person per answer, the last one counting; a later tally was written after more votes), so a
 * person who changes their mind, or clicks twice, is counted once. Answers whose page is not known (Teams'
 * own feedback on an answer the store no longer remembers) are left out. Most "not helpful" first.
 */
export function helpfulness(days: { answers: Record<string, AnswerTally> }[]): PageHelpfulness[] {
  const latest = new Map<string, AnswerTally>();
  for (const day of days) {
    for (const [key, t] of Object.entries(day.answers)) {
      const seen = latest.get(key);
      if (!seen || seen.changes < t.changes || (seen.changes === t.changes && seen.at < t.at)) latest.set(key, t);
    }
  }
  const pages = new Map<string, PageHelpfulness>();
  for (const t of latest.values()) {
    if (!t.resultId) continue;
    const page = pages.get(t.resultId) ?? { resultId: t.resultId, helpful: 0, notHelpful: 0, answers: 0 };
    page.helpful += t.helpful;
    page.notHelpful += t.notHelpful;
    page.answers++;
    pages.set(t.resultId, page);
  }
  return [...pages.values()]
    .filter((p) => p.helpful + p.notHelpful > 0)
    .sort((a, b) => b.notHelpful - a.notHelpful || b.helpful + b.notHelpful - (a.helpful + a.notHelpful) || a.resultId.localeCompare(b.resultId));
}

/** Monday (UTC) of the week of a day, as yyyy-mm-dd. */
export function weekOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

/** Questions per week, for the weeks starting on the given Mondays (latest first), from the days' counts. */
export function volume(weeks: string[], days: { day: string; record: Counts }[]): WeekVolume[] {
  return weeks.map((week) => {
    const total: WeekVolume = { week, questions: 0, answered: 0, unanswered: 0, lowConfidence: 0 };
    for (const { day, record } of days) {
      if (weekOf(day) !== week) continue;
      total.questions += record.questions;
      total.answered += record.answered;
      total.unanswered += record.didYouMean + record.noResults;
      total.lowConfidence += record.lowConfidence;
    }
    return total;
  });
}
