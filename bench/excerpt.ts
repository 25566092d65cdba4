// Excerpt benchmark: the time to pick the passage of a docs section that answers a question, over every
// section of today's docs for a handful of questions, with the longest excerpt and how often a section has
// none. Prints figures; asserts nothing.
//   npm run bench:excerpt [-- --docs DIR --rounds 3]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SHARED_DOCS_HEAD } from '../src/cli/args.js';
import { loadDocs } from '../src/knowledge/docs.js';
import { excerpt } from '../src/knowledge/excerpt.js';

const { values } = parseArgs({ options: { docs: { type: 'string' }, rounds: { type: 'string', default: '3' } } });
const docsDir = resolve(values.docs ?? process.env.ZT_DOCS_DIR ?? SHARED_DOCS_HEAD);
if (!existsSync(docsDir)) {
  console.error(`docs folder not found: ${docsDir} (pass --docs DIR)`);
  process.exit(2);
}

const QUESTIONS = [
  'what is zero trust',
  'how do I configure conditional access policies',
  'how do we protect against ransomware',
  'require MFA for admins',
  'segment the network with Azure Firewall',
  'how to classify and label sensitive data',
];

const { articles } = loadDocs(docsDir);
const sections = articles.flatMap((a) => a.sections.map((s) => ({ section: s, url: a.url })));
const sourceChars = sections.reduce((n, s) => n + s.section.markdown.length, 0);
const rounds = Math.max(1, Number(values.rounds) || 3);

// Warm-up (not measured): one pass, so the JIT and the stemmer's cache are warm as in a running bot.
for (const q of QUESTIONS) for (const s of sections) excerpt(s.section, q, { pageUrl: s.url });

// A section's first excerpt reads (parses) the section; later ones reuse that. The first, measured on a
// fresh copy of the docs (sections the warm-up never saw):
const fresh = loadDocs(docsDir).articles.flatMap((a) => a.sections.map((s) => ({ section: s, url: a.url })));
const first: number[] = [];
fresh.forEach((s, i) => {
  const t = performance.now();
  excerpt(s.section, QUESTIONS[i % QUESTIONS.length]!, { pageUrl: s.url });
  first.push(performance.now() - t);
});
first.sort((a, b) => a - b);

const times: number[] = [];
let longest = 0;
let longestAt = '';
let none = 0;
let steps = 0;
let slowest = 0;
let slowestAt = '';
for (let r = 0; r < rounds; r++) {
  for (const q of QUESTIONS) {
    for (const s of sections) {
      const t = performance.now();
      const e = excerpt(s.section, q, { pageUrl: s.url });
      const ms = performance.now() - t;
      times.push(ms);
      if (r > 0) continue;
      if (ms > slowest) {
        slowest = ms;
        slowestAt = `${s.url}#${s.section.anchor} (${s.section.markdown.length} chars of markdown)`;
      }
      if (!e) none++;
      else {
        if (e.kind === 'steps') steps++;
        if (e.chars > longest) {
          longest = e.chars;
          longestAt = `${s.url}#${s.section.anchor}`;
        }
      }
    }
  }
}

times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const per = QUESTIONS.length * sections.length;
const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`docs: ${articles.length} articles, ${sections.length} sections, ${(sourceChars / 1e6).toFixed(2)} MB of section markdown`);
console.log(`excerpts: ${times.length} (${QUESTIONS.length} questions x ${sections.length} sections x ${rounds} rounds)`);
const pctOf = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
console.log(
  `time of a section's first excerpt (parse included): p50 ${fmt(pctOf(first, 50))}, p90 ${fmt(pctOf(first, 90))}, p99 ${fmt(pctOf(first, 99))}, max ${fmt(first[first.length - 1]!)}`,
);
console.log(`time per excerpt of a section read before: p50 ${fmt(pct(50))}, p90 ${fmt(pct(90))}, p99 ${fmt(pct(99))}, max ${fmt(times[times.length - 1]!)}`);
console.log(`slowest (first round): ${fmt(slowest)} at ${slowestAt}`);
console.log(`longest excerpt: ${longest} characters (${longestAt})`);
console.log(`no excerpt: ${none} of ${per} (${((100 * none) / per).toFixed(1)}%); steps: ${steps}, sentences: ${per - none - steps}`);
