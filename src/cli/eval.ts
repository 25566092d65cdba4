// Measures the search on the evaluation questions: hit@1, hit@3 and MRR, overall, per question kind and
// for the fixed fifth set aside (see splitHoldout), for the catalog alone and with today's docs, side by
// side in one run with two baselines built over the docs' sections.
//   npm run eval [-- --questions FILE ...] [--docs DIR] [--misses] [--quick]
// --misses lists the tuning questions the engine misses at 3; the set-aside fifth is never listed.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Question, type QuestionOutcome, evaluate, evaluateExcerpts, parseQuestions, splitHoldout, summarise } from '../knowledge/evaluate.js';
import { loadCatalog } from '../knowledge/content-loader.js';
import { loadDocs } from '../knowledge/docs.js';
import { buildKnowledge } from '../knowledge/index.js';
import type { SearchResponse } from '../knowledge/search.js';
import { CONTENT_DIR, ROOT, SHARED_DOCS_HEAD, docsDirFrom } from './args.js';
import { fuseBaseline, miniSearchBaseline } from './baselines.js';

const { values } = parseArgs({
  options: {
    questions: { type: 'string', multiple: true },
    docs: { type: 'string' },
    misses: { type: 'boolean', default: false },
    /** Skips the baselines (fuse.js over the sections takes about a minute). */
    quick: { type: 'boolean', default: false },
  },
});
const files = values.questions?.length
  ? values.questions.map((f) => resolve(f))
  : ['realistic.jsonl', 'questions.jsonl'].map((f) => resolve(ROOT, '../shared/eval', f)).filter(existsSync);
const catalog = loadCatalog(CONTENT_DIR);
const docsDir = docsDirFrom(values.docs) ?? (existsSync(SHARED_DOCS_HEAD) ? SHARED_DOCS_HEAD : undefined);

type Engine = { name: string; search: (q: string) => SearchResponse; ours: boolean; docs?: boolean };
const engines: Engine[] = [{ name: 'catalog only', search: buildKnowledge(catalog).search, ours: true }];
if (docsDir) {
  const { articles, warnings } = loadDocs(docsDir);
  for (const w of warnings) console.error(`warning: ${w}`);
  engines.push({ name: `catalog + docs (${articles.length})`, search: buildKnowledge(catalog, articles, warnings).search, ours: true, docs: true });
  if (!values.quick) for (const b of [fuseBaseline(articles), miniSearchBaseline(articles)]) engines.push({ ...b, ours: false });
}

const cell = (o: QuestionOutcome[]) => {
  if (!o.length) return ''.padEnd(17);
  const s = summarise(o);
  return `${s.hitAt1.toFixed(2)} ${s.hitAt3.toFixed(2)} ${s.mrr.toFixed(2)}`.padEnd(17);
};

for (const file of files) {
  const questions: Question[] = parseQuestions(readFileSync(file, 'utf8'), file);
  const { holdout } = splitHoldout(questions);
  const aside = new Set(holdout);
  const kinds = [...new Set(questions.map((q) => q.kind).filter((k): k is string => !!k))];
  const columns = ['all', 'tuning', 'set aside', ...kinds];
  console.log(`\n${file}: ${questions.length} questions, ${holdout.length} set aside (every fifth of each kind)`);
  console.log(`${'hit@1 hit@3 MRR'.padStart(45)}`);
  console.log(
    `${''.padEnd(30)}${columns
      .map((c) => {
        const n =
          c === 'all'
            ? questions.length
            : c === 'set aside'
              ? holdout.length
              : c === 'tuning'
                ? questions.length - holdout.length
                : questions.filter((q) => q.kind === c).length;
        return `${c} (${n})`.padEnd(17);
      })
      .join('')}`,
  );
  for (const e of engines) {
    const r = evaluate(questions, e.search);
    const byQ = new Map(questions.map((q, i) => [q, r.outcomes[i]!]));
    const pick = (f: (q: Question) => boolean) => questions.filter(f).map((q) => byQ.get(q)!);
    const row = [cell(r.outcomes), cell(pick((q) => !aside.has(q))), cell(pick((q) => aside.has(q))), ...kinds.map((k) => cell(pick((q) => q.kind === k)))];
    console.log(`${e.name.padEnd(30)}${row.join('')}`);
    if (values.misses && e.ours) {
      for (const q of questions) {
        const o = byQ.get(q)!;
        if (aside.has(q) || (o.rank !== null && o.rank <= 3)) continue;
        console.log(`     ${o.rank === null ? 'miss' : `rank ${o.rank}`} [${q.kind ?? ''}]: "${q.q}" -> ${o.top.join(' | ')}  (want ${q.expect.join(', ')})`);
      }
    }
  }
  // The answer card's excerpt of today's docs: for how-to questions, from a page that answers them?
  for (const e of engines.filter((x) => x.docs)) {
    for (const [label, set] of [
      ['howto', questions.filter((q) => q.kind === 'howto')],
      ['all', questions],
    ] as const) {
      if (!set.length) continue;
      const x = evaluateExcerpts(set, e.search);
      const share = (n: number) => (n / x.questions).toFixed(2);
      console.log(
        `excerpts, ${e.name}, ${label} (${x.questions}): from an expected page ${share(x.fromExpected)} · with an excerpt ${share(x.withExcerpt)} · longest ${x.longest} characters`,
      );
    }
  }
}
