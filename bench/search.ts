// Search benchmark: index build time, per-query latency (p50/p99) and heap, the time and heap of reading every
// docs section (Knowledge.readDocs, as the bot does after start-up), over the catalog alone, the
// catalog plus today's docs, and ten copies of the docs; for titles (and the same with a typo) and for
// questions as people write them (realistic.jsonl). Prints figures; asserts nothing.
//   npm run bench:search [-- --docs DIR]
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../src/knowledge/content-loader.js';
import { type DocArticle, loadDocs } from '../src/knowledge/docs.js';
import { parseQuestions } from '../src/knowledge/evaluate.js';
import { buildKnowledge } from '../src/knowledge/index.js';
import { createBotCards } from '../src/cards/bot-cards.js';
import { respelt } from './respelt.js';
import { CONTENT_DIR, ROOT, SHARED_DOCS_HEAD } from '../src/cli/args.js';

const { values } = parseArgs({ options: { docs: { type: 'string' }, rounds: { type: 'string', default: '5' } } });
const docsDir = resolve(values.docs ?? process.env.ZT_DOCS_DIR ?? SHARED_DOCS_HEAD);
if (!existsSync(docsDir)) {
  console.error(`docs folder not found: ${docsDir} (pass --docs DIR)`);
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const catalog = loadCatalog(CONTENT_DIR);
let t = performance.now();
const { articles } = loadDocs(docsDir);
const parseMs = performance.now() - t;

// Queries: the evaluation questions, every catalog and article title, and the same titles with one
// typo each, so that typo correction is measured cold rather than from its cache.
const questionsFile = resolve(ROOT, '../shared/eval/questions.jsonl');
const base = existsSync(questionsFile) ? parseQuestions(readFileSync(questionsFile, 'utf8')).map((q) => q.q) : [];
const titles = [...catalog.pillars.map((p) => p.name), ...catalog.articles.articles.map((a) => a.title)];
const typo = (s: string, seed: number) =>
  s.replace(/\b([a-z])([a-z])([a-z]{3,})\b/i, (_m, a: string, b: string, rest: string) => (seed % 2 ? `${b}${a}${rest}` : `${a}${rest}`));
const queries = [...titles, ...titles.map((s, i) => typo(s, i))];
const realisticFile = resolve(ROOT, '../shared/eval/realistic.jsonl');
const asWritten = existsSync(realisticFile) ? parseQuestions(readFileSync(realisticFile, 'utf8')).map((q) => q.q) : [];
// Warm-up (not measured) uses other questions, so the JIT is warm but the typo cache is still cold.
const warmBase = base.length ? base : ['zero trust', 'conditional access', 'ransomware backups'];
const warmUp = [...warmBase, ...warmBase.map((s, i) => typo(s, i + 1))];

function replicate(docs: DocArticle[], times: number): DocArticle[] {
  const out: DocArticle[] = [];
  for (let i = 0; i < times; i++) {
    for (const d of docs) out.push(i === 0 ? d : { ...d, path: `${d.path}-copy${i}`, url: `${d.url}-copy${i}` });
  }
  return out;
}

async function measure(name: string, docs: DocArticle[]) {
  const before = heapMb();
  t = performance.now();
  const k = buildKnowledge(catalog, docs);
  const buildMs = performance.now() - t;
  const heap = heapMb() - before;
  // As the bot does once it is healthy: every docs section read before the first question about it.
  t = performance.now();
  await k.readDocs();
  const readMs = performance.now() - t;
  const sectionsHeap = heapMb() - before - heap;
  for (let i = 0; i < 20; i++) for (const q of warmUp) k.search(q);
  const timed = (list: string[]) => {
    const times: number[] = [];
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const q of list) {
        const s = performance.now();
        k.search(q);
        times.push(performance.now() - s);
      }
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
    return `p50 ${pct(50).toFixed(3)} ms  p99 ${pct(99).toFixed(3)} ms  max ${(times.at(-1) ?? 0).toFixed(2)} ms`;
  };
  console.log(
    `${name.padEnd(22)} entries ${String(k.entries.length).padStart(6)}  build ${buildMs.toFixed(0).padStart(5)} ms  ` +
      `index heap ${heap.toFixed(1).padStart(5)} MB  sections read ${readMs.toFixed(0).padStart(4)} ms, ${sectionsHeap.toFixed(1).padStart(4)} MB  titles: ${timed(queries)}` +
      (asWritten.length ? `  as people write: ${timed(asWritten)}` : ''),
  );
}

console.log(`docs: ${articles.length} articles, ${articles.reduce((n, a) => n + a.sections.length, 0)} sections, parsed in ${parseMs.toFixed(0)} ms`);
console.log(
  `queries: ${queries.length} distinct titles (and the same with a typo) and ${asWritten.length} questions as people write them, ` +
    `x ${values.rounds} rounds, after a warm-up on ${warmUp.length} other questions`,
);
// One unmeasured pass on its own index warms the JIT for every code path; the measured indexes below
// still start with empty typo caches of their own.
{
  const k = buildKnowledge(catalog, articles);
  for (const q of [...warmUp, ...queries]) k.search(q);
}
await measure('catalog', []);
await measure('catalog + docs', articles);
await measure('catalog + docs x10', replicate(articles, 10));

// The answer cache as the bot uses it (SEARCH_CACHE_SIZE, default 1000): what it holds when full, and
// what a repeated question costs against a new one (search and card, as in a chat turn).
{
  const size = 1000;
  const k = buildKnowledge(catalog, articles, [], { searchCacheSize: size });
  const cards = createBotCards(catalog, { answerCacheSize: size });
  const answer = (q: string) => cards.answer(k.search(q, { limit: 4 }));
  // Distinct questions: the titles in ever new letter cases (same search work, new cache entries).
  const distinct = Array.from({ length: size }, (_, i) => respelt(queries[i % queries.length]!, Math.floor(i / queries.length) + 1));
  const before = heapMb();
  const fresh: number[] = [];
  for (const q of distinct) {
    const s = performance.now();
    answer(q);
    fresh.push(performance.now() - s);
  }
  const held = heapMb() - before;
  const again: number[] = [];
  for (const q of distinct) {
    const s = performance.now();
    answer(q);
    again.push(performance.now() - s);
  }
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  // The first round of titles finds result sets not seen before; later rounds ask the same titles in other
  // letter cases: new questions (searched) whose result set, and so its card, is known.
  const firstRound = Math.min(queries.length, size);
  console.log(
    `answer cache (catalog + docs): ${size} remembered answers hold ${held.toFixed(1)} MB; search + card p50 ` +
      `${p50(fresh.slice(0, firstRound)).toFixed(3)} ms for a new question with new results, ` +
      `${p50(fresh.slice(firstRound)).toFixed(3)} ms for a new question whose results were seen before, ` +
      `${p50(again).toFixed(4)} ms for a repeated one`,
  );
}
console.log(`heap used at end: ${heapMb().toFixed(1)} MB`);
