// Renders the main cards to PNG with the Adaptive Cards JS renderer in headless Chromium, so a reviewer can
// see what Teams users will see without a tenant.
//   npm run cards:render                      -> docs/cards/*.png
//   npm run cards:render -- --all             every template, not just the main cards
//   --out DIR  --content DIR  --chromium PATH (or CHROMIUM_PATH)
//   --docs DIR  today's docs (default ../shared/corpus/zero-trust-head when present): adds answers with an
//               excerpt of the docs (answer-excerpt-1..3.png) and an acronym answer without docs
// Nothing is served or fetched: the page is set from a string, the renderer is inlined from
// node_modules, and every network request the page might make is refused.
import { checklistCards } from '../cards/checklist.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { emptyProgress, setDetails, setStatus } from '../checklist/progress.js';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { type AnswerCardKind, type Card, answerCard, answerKind, createBotCards, noResultsCard } from '../cards/index.js';
import { TEAMS_LIGHT_HOST_CONFIG } from '../cards/host-config.js';
import { cardProblems } from '../cards/validate.js';
import { ContentError } from '../knowledge/content-loader.js';
import { type Knowledge, loadKnowledge } from '../knowledge/index.js';
import { findPillar, findRampStep, findRole } from '../knowledge/lookup.js';
import { insightsCard } from '../cards/insights.js';
import { type InsightsSummary, groupQuestions, helpfulness, volume, weekOf } from '../insights/summary.js';
import { type AnswerTally, type Miss, daysBefore } from '../storage/insights.js';
import { CONTENT_DIR, ROOT, SHARED_DOCS_HEAD } from './args.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: resolve(ROOT, 'docs/cards') },
    content: { type: 'string', default: CONTENT_DIR },
    chromium: { type: 'string' },
    all: { type: 'boolean', default: false },
    docs: { type: 'string' },
  },
});

/** How-to questions whose answers show an excerpt of today's docs. */
const EXCERPT_QUESTIONS = [
  'how do I block legacy authentication',
  'how do I enroll Windows devices in Intune',
  'how do I require a compliant device for Microsoft 365',
];

/** Answers with an excerpt of the docs (the docs' text is read at run time, never shipped). */
function excerptCards(knowledge: Knowledge): [string, Card][] {
  return EXCERPT_QUESTIONS.map((q, i) => {
    const response = knowledge.search(q, { limit: 4 });
    if (answerKind(response) !== 'answer' || !response.excerpt)
      fail(`"${q}" gives no answer with an excerpt; update EXCERPT_QUESTIONS in src/cli/render-cards.ts`);
    return [`answer-excerpt-${i + 1}`, answerCard(response, knowledge.catalog, undefined, knowledge.docs)];
  });
}

const CHROMIUM = values.chromium ?? CHROMIUM_PATH;

/** Questions whose real results show each kind of answer card; the first that gives the kind wins. */
const QUESTIONS: Record<Exclude<AnswerCardKind, 'no-results'>, string[]> = {
  // A retired RaMP step with alternatives shows the most of the answer card.
  answer: ['Protect sensitive data', 'How do we recover from ransomware?', 'How do I start with Zero Trust?', 'conditional access'],
  'did-you-mean': ['security stuff', 'passwordless sign in for our staff', 'reading list for a security architect', 'How should we back up?'],
};

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The real catalog's cards, by file name. */
function buildCards(knowledge: Knowledge, all: boolean): [string, Card][] {
  const { catalog } = knowledge;
  const cards = createBotCards(catalog);
  const pick = (kind: AnswerCardKind): [string, Card] => {
    for (const q of QUESTIONS[kind as keyof typeof QUESTIONS] ?? []) {
      const response = knowledge.search(q, { limit: 4 });
      if (answerKind(response) === kind) return [kind, answerCard(response, catalog)];
    }
    return fail(`none of the sample questions gives a "${kind}" card; update QUESTIONS in src/cli/render-cards.ts`);
  };
  const role = findRole(catalog, 'security architect') ?? catalog.roles[0]!;
  const pillar = findPillar(catalog, 'identity') ?? catalog.pillars[0]!;
  const step = findRampStep(catalog, '2') ?? findRampStep(catalog, '1')!;
  const main: [string, Card][] = [
    pick('answer'),
    pick('did-you-mean'),
    ['welcome', cards.welcome()],
    ['role', cards.role(role)],
    ['pillar', cards.pillar(pillar)],
    ['ramp-step', cards.rampStep(step)],
    ['objective', cards.objective(pillar, Math.min(1, pillar.objectives.length - 1))],
    ['checklist', sampleChecklist(knowledge)],
    ['insights', sampleInsights(knowledge)],
  ];
  if (!all) return main;
  return [
    ...main,
    ['no-results', noResultsCard('xyzzy plugh')],
    ['help', cards.help({ needsMention: true, botName: 'Zero Trust guide' })],
    ['about', cards.about()],
    ['error', cards.error('3f2b8c1e-5d4a-4e7b-9a61-0c2d7e8f9b10')],
    ['roles', cards.roles()],
    ['pillars', cards.pillars()],
    ['ramp', cards.ramp()],
    ['azure', cards.azure()],
  ];
}

/** The ransomware checklist as a team would see it after a few clicks (names are examples). */
function sampleChecklist(knowledge: Knowledge): Card {
  const { catalog } = knowledge;
  const list = catalog.checklists.find((l) => l.id === 'ransomware-recovery-readiness') ?? catalog.checklists[0]!;
  const [a, b, c, d] = list.areas.flatMap((area) => area.items);
  let progress = emptyProgress();
  const at = '2026-11-20T09:30:00Z';
  const ada = { by: '29:ada', byName: 'Ada Lovelace', at };
  const grace = { by: '29:grace', byName: 'Grace Hopper', at };
  if (a) progress = setStatus(progress, catalog, { checklist: list.id, item: a.id, to: 'done', ...ada });
  if (b) progress = setStatus(progress, catalog, { checklist: list.id, item: b.id, to: 'blocked', reason: 'waiting for the backup vault licences', ...grace });
  if (c) progress = setStatus(progress, catalog, { checklist: list.id, item: c.id, to: 'not-applicable', ...ada });
  if (d) progress = setStatus(progress, catalog, { checklist: list.id, item: d.id, to: 'planned', ...grace });
  // Owners, due dates and a note, as a team sets them with "Owner, date, note"; one item is overdue on the day shown.
  if (b) progress = setDetails(progress, catalog, { checklist: list.id, item: b.id, owner: 'Grace Hopper', ownerId: '29:grace', due: '2026-11-27', ...grace });
  if (d) {
    const note = 'restore drill booked with the backup team';
    progress = setDetails(progress, catalog, { checklist: list.id, item: d.id, owner: 'Ada Lovelace', ownerId: '29:ada', due: '2026-12-12', note, ...ada });
  }
  return checklistCards(list, progress, catalog, { now: new Date('2026-12-01T09:00:00Z') })[0]!;
}

/** Questions that went unanswered in a sample week (made up: people are hashes, as in the store). */
const SAMPLE_MISSES: [string, string][] = [
  ['how do we roll out passkeys to frontline workers', 'u1'],
  ['passkeys for shared devices on the shop floor', 'u2'],
  ['passkey registration for frontline staff', 'u3'],
  ['do passkeys work with our kiosk devices', 'u1'],
  ['zero trust for printers and scanners', 'u4'],
  ['how should printers authenticate to the network', 'u5'],
  ['what licences do we need for zero trust', 'u2'],
  ['which licence covers conditional access', 'u6'],
  ['who owns zero trust in a small company', 'u7'],
];

/** The insights card over a sample week: the real grouping and sums, on made-up records. */
function sampleInsights(knowledge: Knowledge): Card {
  const today = '2026-11-20';
  const misses: Miss[] = SAMPLE_MISSES.map(([query, user], i) => {
    const r = knowledge.search(query, { limit: 4 });
    const best = r.results[0];
    const kind = !best ? 'no-results' : answerKind(r) === 'did-you-mean' ? 'did-you-mean' : 'low-confidence';
    return { at: `${daysBefore(today, i % 6)}T10:0${i}:00Z`, kind, query, user, ...(best ? { resultId: best.id, confidence: best.confidence } : {}) };
  });
  const tally = (q: string, helpful: number, notHelpful: number): AnswerTally => ({
    query: q,
    resultId: knowledge.search(q, { limit: 1 }).results[0]?.id ?? '',
    helpful,
    notHelpful,
    changes: helpful + notHelpful,
    at: `${today}T09:00:00Z`,
    via: 'card',
  });
  const votes = {
    answers: {
      a: tally('how do we protect against ransomware', 4, 1),
      b: tally('block legacy authentication', 3, 0),
      c: tally('how do I start with Zero Trust', 1, 3),
      d: tally('what is PIM', 2, 1),
    },
  };
  const weeks = Array.from({ length: 8 }, (_, i) => daysBefore(weekOf(today), 7 * i));
  const counts = weeks.map((week, i) => ({
    day: week,
    record: { questions: 140 - i * 9, answered: 121 - i * 8, lowConfidence: 9 - (i % 3), didYouMean: 11 - (i % 4), noResults: 8 - (i % 5) },
  }));
  const summary: InsightsSummary = {
    unansweredFrom: daysBefore(today, 6),
    votesFrom: daysBefore(today, 27),
    to: today,
    missed: { questions: misses.length, people: new Set(misses.map((m) => m.user)).size },
    groups: groupQuestions(misses, knowledge.knows).slice(0, 5),
    pages: helpfulness([votes]),
    weeks: volume(weeks, counts),
    recording: true,
    retentionDays: 90,
  };
  return insightsCard(summary, (id) => knowledge.entry(id));
}

/** Teams-like surroundings: a light chat pane, the card in a bubble, Teams' button look. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cards</title>
<style>
  html, body { margin: 0; background: #f5f5f5; }
  body { padding: 16px; font-family: 'Segoe UI', Arial, 'Liberation Sans', sans-serif; }
  .bubble { width: 520px; background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; overflow: hidden;
            box-shadow: 0 1px 2px rgba(0,0,0,.08); margin-bottom: 24px; }
  .ac-adaptiveCard a { color: #5b5fc7; text-decoration: none; }
  .ac-textBlock p { margin: 0; }
  .ac-textBlock ul, .ac-textBlock ol { margin: 0; padding-left: 20px; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; color: #242424; background: #fff;
                   border: 1px solid #d1d1d1; border-radius: 4px; padding: 5px 12px; min-height: 32px;
                   overflow: hidden; text-overflow: ellipsis; white-space: nowrap; cursor: pointer; }
  .ac-pushButton.style-positive { background: #5b5fc7; border-color: #5b5fc7; color: #fff; }
  .ac-pushButton > div { overflow: hidden; text-overflow: ellipsis; }
</style></head><body><div id="cards"></div></body></html>`;

/**
 * Runs in the page. The renderer leaves markdown to the host; Teams supports a small dialect (bold,
 * italic, links, lists, backslash escapes), which is all this handles.
 */
const RENDERER = `
(() => {
  const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const inline = (text) => {
    const kept = [];
    let s = text.replace(/\\\\([\\\\*_\\[\\]()#\`])/g, (_, c) => { kept.push(c); return '\\u0000' + (kept.length - 1) + '\\u0000'; });
    s = escapeHtml(s)
      .replace(/\\[([^\\]]+)\\]\\(([^)\\s]+)\\)/g, (_, t, u) => '<a href="' + u + '">' + t + '</a>')
      .replace(/\\*\\*([^*]+)\\*\\*/g, '<strong>$1</strong>')
      .replace(/(^|[\\s(])_([^_]+)_(?=$|[\\s).,;:])/g, '$1<em>$2</em>');
    return s.replace(/\\u0000(\\d+)\\u0000/g, (_, i) => escapeHtml(kept[Number(i)]));
  };
  const markdown = (text) => {
    const out = [];
    let list = null;
    for (const line of text.split(/\\n/)) {
      const bullet = /^\\s*[-*]\\s+(.*)$/.exec(line);
      const numbered = /^\\s*\\d+\\.\\s+(.*)$/.exec(line);
      const item = bullet || numbered;
      const kind = bullet ? 'ul' : numbered ? 'ol' : null;
      if (list && kind !== list) { out.push('</' + list + '>'); list = null; }
      if (item) {
        if (!list) { out.push('<' + kind + '>'); list = kind; }
        out.push('<li>' + inline(item[1]) + '</li>');
      } else if (line.trim()) {
        out.push('<p>' + inline(line) + '</p>');
      }
    }
    if (list) out.push('</' + list + '>');
    return out.join('');
  };
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };
  window.renderCard = (json, hostConfig, id) => {
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
    const context = new AdaptiveCards.SerializationContext();
    card.parse(json, context);
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.id = id;
    bubble.appendChild(card.render());
    document.getElementById('cards').appendChild(bubble);
    return context.eventCount;
  };
})();`;

async function main() {
  let knowledge: Knowledge;
  try {
    knowledge = loadKnowledge({ contentDir: resolve(values.content) });
  } catch (err) {
    fail(err instanceof ContentError ? `content error in ${err.message}` : String(err));
  }
  const cards = buildCards(knowledge, values.all);
  const acronym = knowledge.search('what is PIM', { limit: 4 });
  cards.push(['answer-acronym', answerCard(acronym, knowledge.catalog)]);
  const docsDir = values.docs ? resolve(values.docs) : existsSync(SHARED_DOCS_HEAD) ? SHARED_DOCS_HEAD : undefined;
  if (docsDir) cards.push(...excerptCards(loadKnowledge({ contentDir: resolve(values.content), docsDir })));
  for (const [name, card] of cards) {
    const problems = cardProblems(card);
    if (problems.length) fail(`card "${name}" does not validate: ${problems.map((p) => p.message).join('; ')}`);
  }
  if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or pass --chromium PATH)`);

  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const require = createRequire(import.meta.url);
  const acScript = require.resolve('adaptivecards/dist/adaptivecards.min.js');

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 600, height: 900 }, deviceScaleFactor: 2 });
    const refused: string[] = [];
    await page.route('**/*', (route) => {
      refused.push(route.request().url());
      return route.abort();
    });
    await page.setContent(PAGE);
    await page.addScriptTag({ path: acScript });
    await page.addScriptTag({ content: RENDERER });
    for (const [name, card] of cards) {
      const id = `card-${name}`;
      const events = await page.evaluate(
        ({ json, host, id }) => (globalThis as unknown as { renderCard(j: unknown, h: unknown, i: string): number }).renderCard(json, host, id),
        { json: card, host: TEAMS_LIGHT_HOST_CONFIG, id },
      );
      if (events) fail(`card "${name}": the renderer reported ${events} parse event(s)`);
      const file = resolve(outDir, `${name}.png`);
      await page.locator(`#${id}`).screenshot({ path: file });
      console.log(`${file}`);
    }
    if (refused.length) console.error(`refused ${refused.length} network request(s): ${refused.slice(0, 3).join(', ')}`);
  } finally {
    await browser.close();
  }
}

await main();
