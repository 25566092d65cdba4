// Runs the evaluation questions without and with the docs and prints hit@1, hit@3 and MRR.
//   npm run eval [-- --questions FILE] [--docs DIR] [--verbose]
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate, parseQuestions } from '../knowledge/evaluate.js';
import { loadCatalog } from '../knowledge/content-loader.js';
import { loadDocs } from '../knowledge/docs.js';
import { buildKnowledge } from '../knowledge/index.js';
import { CONTENT_DIR, ROOT, SHARED_DOCS, docsDirFrom } from './args.js';

const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: resolve(ROOT, '../shared/eval/questions.jsonl') },
    docs: { type: 'string' },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
});
const file = resolve(values.questions!);
const questions = parseQuestions(readFileSync(file, 'utf8'), file);
const catalog = loadCatalog(CONTENT_DIR);
const docsDir = docsDirFrom(values.docs) ?? (existsSync(SHARED_DOCS) ? SHARED_DOCS : undefined);

const runs: [string, ReturnType<typeof buildKnowledge>][] = [['catalog only', buildKnowledge(catalog)]];
if (docsDir) {
  const { articles, warnings } = loadDocs(docsDir);
  for (const w of warnings) console.error(`warning: ${w}`);
  runs.push([`catalog + docs (${articles.length} articles)`, buildKnowledge(catalog, articles, warnings)]);
}
console.log(`${questions.length} questions from ${file}`);
for (const [name, k] of runs) {
  const r = evaluate(questions, (q) => k.search(q));
  console.log(`${name.padEnd(36)} hit@1 ${r.hitAt1.toFixed(3)}  hit@3 ${r.hitAt3.toFixed(3)}  MRR ${r.mrr.toFixed(3)}`);
  for (const o of r.outcomes) {
    if (values.verbose ? o.rank !== 1 : o.rank === null || o.rank > 3) {
      console.log(`   ${o.rank === null ? 'miss' : `rank ${o.rank}`}: "${o.q}" -> ${o.top.join(' | ')}`);
    }
  }
}
