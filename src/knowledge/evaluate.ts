// Scores the search against questions with known good pages: hit@1, hit@3 and mean reciprocal rank.
import { pagePath } from './urls.js';
import type { SearchResponse } from './search.js';

export type Question = { q: string; expect: string[]; kind?: string };
export type QuestionOutcome = { q: string; kind?: string; rank: number | null; top: string[] };
export type EvalReport = { questions: number; hitAt1: number; hitAt3: number; mrr: number; outcomes: QuestionOutcome[] };

export function parseQuestions(jsonl: string, file = 'questions'): Question[] {
  return jsonl
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter((l) => l.line)
    .map(({ line, n }) => {
      let q: unknown;
      try {
        q = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${n}: not JSON`);
      }
      const o = q as Partial<Question>;
      if (typeof o.q !== 'string' || !Array.isArray(o.expect) || !o.expect.every((x) => typeof x === 'string')) {
        throw new Error(`${file}:${n}: needs "q" (string) and "expect" (array of strings)`);
      }
      return { q: o.q, expect: o.expect, ...(typeof o.kind === 'string' ? { kind: o.kind } : {}) };
    });
}

/** "deploy/identity" means /security/zero-trust/deploy/identity; "/security/ransomware/x" is taken as is. */
export function expectedPaths(expect: string[]): Set<string> {
  return new Set(expect.map((e) => (e.startsWith('/') ? e : `/security/zero-trust/${e}`).toLowerCase().replace(/\/$/, '')));
}

/** A result counts when its live URL or, for a retired page, its original URL is an expected page. */
export function rankOf(response: SearchResponse, expect: string[], depth = 5): number | null {
  const want = expectedPaths(expect);
  const i = response.results.slice(0, depth).findIndex((r) => [r.url, r.originalUrl].some((u) => u !== undefined && want.has(pagePath(u) ?? '')));
  return i < 0 ? null : i + 1;
}

/**
 * Splits off a fixed fifth of a question set that is never looked at while tuning: within each kind, every
 * fifth question in file order. Fixed by position, so the same questions stay aside in every run, and
 * stratified, so the fifth has the same mix of kinds as the rest.
 */
export function splitHoldout<Q extends Question>(questions: Q[]): { tuning: Q[]; holdout: Q[] } {
  const seen = new Map<string, number>();
  const tuning: Q[] = [];
  const holdout: Q[] = [];
  for (const q of questions) {
    const k = q.kind ?? '';
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    (n % 5 === 4 ? holdout : tuning).push(q);
  }
  return { tuning, holdout };
}

/** hit@1, hit@3 and MRR of some outcomes. */
export function summarise(outcomes: QuestionOutcome[]): Omit<EvalReport, 'outcomes'> {
  const n = outcomes.length || 1;
  return {
    questions: outcomes.length,
    hitAt1: outcomes.filter((o) => o.rank === 1).length / n,
    hitAt3: outcomes.filter((o) => o.rank !== null && o.rank <= 3).length / n,
    mrr: outcomes.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0) / n,
  };
}

export function evaluate(questions: Question[], search: (q: string) => SearchResponse): EvalReport {
  const outcomes = questions.map((q) => {
    const response = search(q.q);
    return {
      q: q.q,
      ...(q.kind ? { kind: q.kind } : {}),
      rank: rankOf(response, q.expect),
      top: response.results.slice(0, 3).map((r) => pagePath(r.originalUrl ?? r.url) ?? r.url),
    };
  });
  return { ...summarise(outcomes), outcomes };
}

/** How the excerpts of the answers fare: from an expected page, and how long the longest is. */
export type ExcerptReport = { questions: number; withExcerpt: number; fromExpected: number; longest: number };

export function evaluateExcerpts(questions: Question[], search: (q: string) => SearchResponse): ExcerptReport {
  let withExcerpt = 0;
  let fromExpected = 0;
  let longest = 0;
  for (const q of questions) {
    const e = search(q.q).excerpt;
    if (!e) continue;
    withExcerpt++;
    longest = Math.max(longest, e.text.length);
    if (expectedPaths(q.expect).has(pagePath(e.url) ?? '')) fromExpected++;
  }
  return { questions: questions.length, withExcerpt, fromExpected, longest };
}
