// Searches the knowledge base from the command line.
//   npm run --silent search -- --json "query"      one JSON object
//   npm run --silent search -- --stdin --json      one query a line in, one JSON object a line out
//   npm run search -- "query"                      a readable list
//   --docs DIR (or ZT_DOCS_DIR)                    also index a Microsoft docs zero-trust folder
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ContentError } from '../knowledge/content-loader.js';
import { type Knowledge, loadKnowledge } from '../knowledge/index.js';
import type { SearchResponse } from '../knowledge/search.js';
import { CONTENT_DIR, docsDirFrom } from './args.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    stdin: { type: 'boolean', default: false },
    docs: { type: 'string' },
    limit: { type: 'string', default: '5' },
  },
});

let knowledge: Knowledge;
try {
  knowledge = loadKnowledge({ contentDir: CONTENT_DIR, docsDir: docsDirFrom(values.docs) });
} catch (err) {
  console.error(err instanceof ContentError ? `content error in ${err.message}` : String(err));
  process.exit(1);
}
for (const w of knowledge.warnings) console.error(`warning: ${w}`);
const limit = Math.min(5, Math.max(1, Number(values.limit) || 5));

function asJson(r: SearchResponse): string {
  return JSON.stringify({
    query: r.query,
    results: r.results.map((x) => ({
      title: x.title,
      url: x.url,
      kind: x.kind,
      score: x.score,
      confidence: x.confidence,
      ...(x.originalUrl ? { originalUrl: x.originalUrl } : {}),
    })),
  });
}

function asText(r: SearchResponse): string {
  const lines = [`${r.query}`];
  const fixes = Object.entries(r.corrections).map(([a, b]) => `${a} -> ${b}`);
  if (fixes.length) lines.push(`  (read as: ${fixes.join(', ')})`);
  if (!r.results.length) lines.push('  no results');
  r.results.forEach((x, i) => {
    lines.push(`  ${i + 1}. ${x.title}  [${x.kind}, score ${x.score}, confidence ${x.confidence}]`);
    lines.push(`     ${x.url}${x.retired ? `  (retired: ${x.originalUrl})` : ''}`);
  });
  return lines.join('\n');
}

const print = (q: string) => {
  const r = knowledge.search(q, { limit });
  console.log(values.json ? asJson(r) : asText(r));
};

if (values.stdin) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) print(line.trim());
} else if (positionals.length) {
  print(positionals.join(' '));
} else {
  console.error('usage: npm run --silent search -- [--json] [--docs DIR] "query"  |  --stdin');
  process.exit(2);
}
