// Renders the main cards to PNG with the Adaptive Cards JS renderer in headless Chromium, so a reviewer can
// see what Teams users will see without a tenant.
//   npm run cards:render                      -> docs/cards/*.png
//   npm run cards:render -- --all             every template, not just the main cards
//   --out DIR  --content DIR  --chromium PATH (or CHROMIUM_PATH)
//   --docs DIR  today's docs (default ../shared/corpus/zero-trust-head when present): adds answers with an
//               excerpt of the docs (answer-excerpt-1..3.png) and an acronym answer without docs
// Teams' chart elements (Chart.Donut, Chart.Line, ...) are drawn as simple SVG by elements registered in
// the page, so a picture shows the charts a Teams client draws rather than their text fallbacks.
// Nothing is served or fetched: the page is set from a string, the renderer is inlined from
// node_modules, and every network request the page might make is refused.
import { checklistCards, progressCard } from '../cards/checklist.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { type Progress, type Status, emptyProgress, setDetails, setStatus } from '../checklist/progress.js';
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
import { digestCard } from '../cards/digest.js';
import { teamDigest } from '../checklist/digest.js';
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
    ['progress-chart', sampleProgressCard(knowledge)],
    ['digest', sampleDigest(knowledge)],
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

/**
 * What a team has done on three checklists by the day shown, item by item in checklist order, area by
 * area (D done, I in progress, P planned, B blocked, T third party, X not applicable, R risk accepted,
 * N not started). Made up, with the real items.
 */
const SAMPLE_PLAN: Record<string, string[]> = {
  'validate-trust': ['DDDDDDIPBN', 'DDDIT', 'DDXNNN', 'DINNNN'],
  'ransomware-recovery-readiness': ['DDDBP'],
  'data-protection': ['DDDI', 'DDRNNN', 'DXN', 'DINN'],
};
const PLAN_STATUS: Record<string, Status> = {
  D: 'done',
  I: 'in-progress',
  P: 'planned',
  B: 'blocked',
  T: 'third-party',
  X: 'not-applicable',
  R: 'risk-accepted',
  N: 'not-started',
};
/** Items done in each of the 8 weeks shown, oldest first: a team picking up pace, as the trend should show. */
const SAMPLE_DONE_PER_WEEK = [1, 2, 2, 3, 4, 3, 5, 2];
const SAMPLE_PEOPLE = [
  { by: '29:ada', byName: 'Ada Lovelace' },
  { by: '29:grace', byName: 'Grace Hopper' },
  { by: '29:alan', byName: 'Alan Turing' },
  { by: '29:katherine', byName: 'Katherine Johnson' },
];

/** The day the sample team's cards are shown. */
const SAMPLE_NOW = new Date('2026-12-01T09:00:00Z');

/** The progress card of a team eight weeks into three checklists (names are examples). */
const sampleProgressCard = (knowledge: Knowledge): Card => progressCard(sampleProgress(knowledge), knowledge.catalog, 6, SAMPLE_NOW);

/**
 * The same team's weekly digest on the day shown: Grace was reminded of her overdue item in her 1:1 chat.
 */
function sampleDigest(knowledge: Knowledge): Card {
  const progress = sampleProgress(knowledge);
  const since = new Date(SAMPLE_NOW.getTime() - 7 * 86_400_000);
  const digest = teamDigest(progress, progress.history, knowledge.catalog, since, SAMPLE_NOW);
  const reminders = { reminded: ['Grace Hopper'], notReminded: [] };
  return digestCard(digest, reminders, 'Posted Tuesdays at 09:00 (Europe/London). “digest off” stops it.');
}

/** A team eight weeks into three checklists: statuses, history, owners and due dates (names are examples). */
function sampleProgress(knowledge: Knowledge): Progress {
  const { catalog } = knowledge;
  const firstMonday = Date.parse('2026-10-12T00:00:00Z');
  const at = (week: number, day: number, minute: number) => new Date(firstMonday + ((week * 7 + day) * 24 * 60 + 9 * 60 + minute) * 60_000).toISOString();
  type Click = { checklist: string; item: string; to: Status; at: string; reason?: string };
  const clicks: Click[] = [];
  const done: Omit<Click, 'to' | 'at'>[] = [];
  for (const [id, areas] of Object.entries(SAMPLE_PLAN)) {
    const list = catalog.checklists.find((l) => l.id === id);
    if (!list) continue;
    list.areas.forEach((area, a) =>
      area.items.forEach((item, i) => {
        const to = PLAN_STATUS[areas[a]?.[i] ?? 'N']!;
        const n = clicks.length + done.length;
        if (to === 'done') done.push({ checklist: id, item: item.id });
        else if (to !== 'not-started') {
          const reason =
            to === 'blocked' ? (id === 'validate-trust' ? 'waiting for the Entra ID P2 licences' : 'waiting for the backup vault licences') : undefined;
          clicks.push({ checklist: id, item: item.id, to, at: at(n % 7, 2, n), ...(reason ? { reason } : {}) });
        }
      }),
    );
  }
  // The done items, taken across the checklists in turn, spread over the weeks as SAMPLE_DONE_PER_WEEK says.
  const order = done.map((_d, i) => done[(i * 5) % done.length]!);
  const weeks = SAMPLE_DONE_PER_WEEK.flatMap((count, week) => Array.from({ length: count }, () => week));
  order.forEach((d, i) => {
    const week = weeks[i] ?? 7;
    clicks.push({ ...d, to: 'in-progress', at: at(week - 1, 1, i) });
    clicks.push({ ...d, to: 'done', at: at(week, week === 7 ? 0 : i % 5, 30 + i) });
  });
  // One item reopened after it was done: the trend counts it back out.
  const reopened = clicks.find((c) => c.checklist === 'validate-trust' && c.to === 'in-progress' && !done.some((d) => d.item === c.item));
  if (reopened) clicks.push({ ...reopened, to: 'done', at: at(2, 3, 5) }, { ...reopened, to: 'in-progress', at: at(5, 2, 40) });
  clicks.sort((x, y) => x.at.localeCompare(y.at));
  let progress: Progress = emptyProgress();
  clicks.forEach((c, i) => {
    progress = setStatus(progress, catalog, { ...c, ...SAMPLE_PEOPLE[i % SAMPLE_PEOPLE.length]! });
  });
  // Owners and due dates, set in the last week: one already overdue on the day shown.
  const [grace, ada] = [SAMPLE_PEOPLE[1]!, SAMPLE_PEOPLE[0]!];
  const owned = clicks.filter((c) => c.to === 'blocked' || c.to === 'planned').slice(0, 3);
  const dues = ['2026-11-27', '2026-12-12', '2027-01-15'];
  owned.forEach((c, i) => {
    const owner = i % 2 ? ada : grace;
    progress = setDetails(progress, catalog, {
      checklist: c.checklist,
      item: c.item,
      owner: owner.byName,
      ownerId: owner.by,
      due: dues[i]!,
      ...grace,
      at: at(7, 0, 50 + i),
    });
  });
  return progress;
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

/**
 * Runs in the page: Teams' chart elements as the renderer's custom elements, drawn as simple SVG the way
 * a Teams client lays them out (a donut with its legend, a bar per row, a line over the weeks). Colours
 * are Teams' chart colour names mapped to Fluent's palette.
 */
const CHARTS = String.raw`
(() => {
  const AC = AdaptiveCards;
  const NS = 'http://www.w3.org/2000/svg';
  const COLORS = {
    good: '#13a10e', warning: '#f7630c', attention: '#d13438', neutral: '#d1d1d1',
    categoricalRed: '#d13438', categoricalPurple: '#8764b8', categoricalLavender: '#a4a6e8', categoricalBlue: '#0f6cbd',
    categoricalLightBlue: '#4fa3e0', categoricalTeal: '#038387', categoricalGreen: '#107c10', categoricalLime: '#8cbd18',
    categoricalMarigold: '#eaa300', divergingGray: '#8a8886',
  };
  const PALETTE = ['#0f6cbd', '#8764b8', '#038387', '#eaa300', '#d13438', '#107c10'];
  const colorOf = (name, i) => COLORS[name] || PALETTE[i % PALETTE.length];
  const svg = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const div = (css, text) => {
    const e = document.createElement('div');
    e.style.cssText = css;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const FONT = "font-family: 'Segoe UI', Arial, 'Liberation Sans', sans-serif; color: #242424;";
  const legendItem = (color, label, value) => {
    const row = div('display: flex; align-items: center; gap: 6px; font-size: 12px; line-height: 18px;');
    row.appendChild(div('width: 10px; height: 10px; border-radius: 2px; flex: none; background: ' + color + ';'));
    row.appendChild(div('flex: 1;', label));
    if (value !== undefined) row.appendChild(div('font-weight: 600; padding-left: 8px;', String(value)));
    return row;
  };

  class Chart extends AC.CardElement {
    internalParse(source, context) {
      super.internalParse(source, context);
      this.chart = source;
    }
    internalRender() {
      const box = div(FONT + ' width: 100%;');
      box.className = 'ac-chart';
      if (this.chart.title) box.appendChild(div('font-size: 13px; font-weight: 600; margin-bottom: 6px;', this.chart.title));
      this.draw(box, this.chart);
      return box;
    }
  }

  // A ring of slices, the legend beside it with each value; the centre empty, as Teams draws it.
  class Donut extends Chart {
    getJsonTypeName() { return 'Chart.Donut'; }
    draw(box, c) {
      const data = (c.data || []).filter((d) => d.value > 0);
      const total = data.reduce((n, d) => n + d.value, 0) || 1;
      const row = div('display: flex; align-items: center; gap: 16px;');
      const size = 96, r = 36, width = this.getJsonTypeName() === 'Chart.Pie' ? 2 * r : 18;
      const ring = svg('svg', { width: size, height: size, viewBox: '0 0 ' + size + ' ' + size });
      const radius = this.getJsonTypeName() === 'Chart.Pie' ? r / 2 : r;
      const circumference = 2 * Math.PI * radius;
      let offset = 0;
      data.forEach((d, i) => {
        const length = (d.value / total) * circumference;
        ring.appendChild(svg('circle', {
          cx: size / 2, cy: size / 2, r: radius, fill: 'none', stroke: colorOf(d.color, i), 'stroke-width': width,
          'stroke-dasharray': length + ' ' + (circumference - length), 'stroke-dashoffset': -offset,
          transform: 'rotate(-90 ' + size / 2 + ' ' + size / 2 + ')',
        }));
        offset += length;
      });
      row.appendChild(ring);
      const legend = div('flex: 1;');
      data.forEach((d, i) => legend.appendChild(legendItem(colorOf(d.color, i), d.legend, d.value)));
      row.appendChild(legend);
      box.appendChild(row);
    }
  }
  class Pie extends Donut {
    getJsonTypeName() { return 'Chart.Pie'; }
  }

  // One bar per row, its segments side by side and the row's numbers at its end; one legend below.
  class StackedBars extends Chart {
    getJsonTypeName() { return 'Chart.HorizontalBar.Stacked'; }
    draw(box, c) {
      const legends = [];
      for (const row of c.data || []) {
        const parts = row.data || [];
        const total = parts.reduce((n, d) => n + d.value, 0);
        const line = div('display: flex; align-items: center; gap: 8px; margin: 3px 0;');
        line.appendChild(div('width: 38%; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;', row.title));
        const bar = svg('svg', { viewBox: '0 0 ' + Math.max(total, 1) + ' 1', preserveAspectRatio: 'none', style: 'flex: 1; height: 12px;' });
        let x = 0;
        parts.forEach((d, i) => {
          bar.appendChild(svg('rect', { x: x, y: 0, width: d.value, height: 1, fill: colorOf(d.color, i) }));
          x += d.value;
          if (!legends.some((l) => l.legend === d.legend)) legends.push({ legend: d.legend, color: colorOf(d.color, i) });
        });
        line.appendChild(bar);
        line.appendChild(div('width: 44px; text-align: right; font-size: 12px; font-weight: 600;', (parts[0] ? parts[0].value : 0) + '/' + total));
        box.appendChild(line);
      }
      const legend = div('display: flex; gap: 16px; margin-top: 4px;');
      for (const l of legends) legend.appendChild(legendItem(l.color, l.legend));
      box.appendChild(legend);
    }
  }

  // One bar per data point, as long as its value against the largest.
  class Bars extends Chart {
    getJsonTypeName() { return 'Chart.HorizontalBar'; }
    draw(box, c) {
      const data = c.data || [];
      const most = Math.max(1, ...data.map((d) => d.y));
      data.forEach((d, i) => {
        const line = div('display: flex; align-items: center; gap: 8px; margin: 3px 0;');
        line.appendChild(div('width: 38%; font-size: 12px;', d.x));
        const bar = svg('svg', { viewBox: '0 0 ' + most + ' 1', preserveAspectRatio: 'none', style: 'flex: 1; height: 12px;' });
        bar.appendChild(svg('rect', { x: 0, y: 0, width: d.y, height: 1, fill: colorOf(d.color || c.color, i) }));
        line.appendChild(bar);
        line.appendChild(div('width: 32px; text-align: right; font-size: 12px; font-weight: 600;', String(d.y)));
        box.appendChild(line);
      });
    }
  }

  // Each series as a line over its points, with the value above each point, the x values below, a zero line.
  class Line extends Chart {
    getJsonTypeName() { return 'Chart.Line'; }
    draw(box, c) {
      const series = c.data || [];
      const points = series.flatMap((s) => s.values || []);
      const xs = [];
      for (const p of points) if (!xs.includes(p.x)) xs.push(p.x);
      const top = Math.max(1, ...points.map((p) => p.y));
      const bottom = Math.min(0, ...points.map((p) => p.y));
      const W = 480, H = 150, left = 34, right = 24, up = 16, down = 34;
      const X = (x) => left + (xs.length > 1 ? (xs.indexOf(x) * (W - left - right)) / (xs.length - 1) : (W - left - right) / 2);
      const Y = (y) => up + ((top - y) * (H - up - down)) / (top - bottom);
      const chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', style: 'display: block;' });
      for (const y of [bottom, 0, top].filter((v, i, all) => all.indexOf(v) === i)) {
        chart.appendChild(svg('line', { x1: left, x2: W - right, y1: Y(y), y2: Y(y), stroke: y === 0 ? '#8a8886' : '#e0e0e0', 'stroke-width': 1 }));
        chart.appendChild(svg('text', { x: left - 6, y: Y(y) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#616161' }, String(y)));
      }
      xs.forEach((x) => chart.appendChild(svg('text', { x: X(x), y: H - down + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#616161' }, x)));
      if (c.xAxisTitle) chart.appendChild(svg('text', { x: (left + W - right) / 2, y: H - 2, 'text-anchor': 'middle', 'font-size': 11, fill: '#616161' }, c.xAxisTitle));
      series.forEach((s, i) => {
        const color = colorOf(s.color || c.color, i);
        const values = s.values || [];
        chart.appendChild(svg('polyline', { points: values.map((p) => X(p.x) + ',' + Y(p.y)).join(' '), fill: 'none', stroke: color, 'stroke-width': 2 }));
        for (const p of values) {
          chart.appendChild(svg('circle', { cx: X(p.x), cy: Y(p.y), r: 3, fill: color }));
          chart.appendChild(svg('text', { x: X(p.x), y: Y(p.y) - 7, 'text-anchor': 'middle', 'font-size': 11, 'font-weight': 600, fill: '#242424' }, String(p.y)));
        }
      });
      box.appendChild(chart);
      if (c.yAxisTitle || series.length > 1) {
        const legend = div('display: flex; gap: 16px;');
        series.forEach((s, i) => legend.appendChild(legendItem(colorOf(s.color || c.color, i), s.legend || c.yAxisTitle)));
        box.appendChild(legend);
      }
    }
  }

  for (const type of [Donut, Pie, StackedBars, Bars, Line]) {
    AC.GlobalRegistry.elements.register(type.prototype.getJsonTypeName(), type, AC.Versions.v1_5);
  }
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
    await page.addScriptTag({ content: CHARTS });
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
