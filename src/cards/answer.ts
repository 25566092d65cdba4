// Turns a search response into the one card a question gets: an answer when the engine is sure enough,
// a "did you mean" when it is not, and a way forward when it found nothing.
import { LRUCache } from 'lru-cache';
import type { Catalog } from '../knowledge/content-loader.js';
import type { DocsStatus } from '../knowledge/index.js';
import { deepFreeze } from '../freeze.js';
import { KIND_LABELS } from '../knowledge/entries.js';
import { CONFIDENT, type SearchResponse, type SearchResult } from '../knowledge/search.js';
import { ZERO_TRUST_HOME, clip, freshness, md, mdLink, sourceLine } from './common.js';
import { EXAMPLE_QUESTIONS } from './info.js';
import { type Card, CardError, MAX_CARD_BYTES, cardBytes, expandCard, inertData } from './templates.js';

export type AnswerCardKind = 'answer' | 'did-you-mean' | 'no-results';

export const MAX_ALTERNATIVES = 3;
export const MAX_CHOICES = 4;
/** Feedback data travels back to the bot with every click; a paragraph-long query need not. */
const MAX_QUERY = 200;
/** About what a Teams button shows before it cuts the title off. */
const MAX_BUTTON_TITLE = 60;
/** A did-you-mean choice is sent back as the user's next question. */
const MAX_CHOICE_ACTION = 100;

/** Which card a response deserves. */
export function answerKind(response: SearchResponse): AnswerCardKind {
  const best = response.results[0];
  if (!best) return 'no-results';
  return best.confidence < CONFIDENT ? 'did-you-mean' : 'answer';
}

/** The card for a question: answer, did-you-mean or no-results, whichever the response calls for. */
export function answerCard(response: SearchResponse, catalog: Catalog, examples: string[] = EXAMPLE_QUESTIONS, docs?: DocsStatus): Card {
  switch (answerKind(response)) {
    case 'answer':
      return bestAnswerCard(response, catalog, docs);
    case 'did-you-mean':
      return didYouMeanCard(response);
    case 'no-results':
      return noResultsCard(response.query, examples);
  }
}

/**
 * What the match is and where it sits, without saying a thing twice: a context that already names the kind
 * ("RaMP step 2 · Data, compliance, and governance", "Microsoft Learn article") stands alone.
 */
export function whatItIs(r: SearchResult): string {
  const label = KIND_LABELS[r.kind];
  const context = r.context?.trim();
  if (!context) return label;
  const l = label.toLowerCase();
  const c = context.toLowerCase();
  if (c.includes(l)) return context;
  if (l.includes(c)) return label;
  // "RaMP step" beside "RaMP area · OT and industrial IoT": the context is the more precise name.
  const first = (s: string) => s.split(/[\s·]+/)[0];
  if (first(l) === first(c) && /\s/.test(l)) return context;
  return `${label} · ${context}`;
}

/**
 * Docs articles and sections carry no summary of ours (we do not copy the docs). Rather than an empty
 * card, say where the match sits: the page a section belongs to, or the headings an article covers.
 */
export function summaryOf(r: SearchResult, catalog: Catalog): string {
  if (r.summary) return md(r.summary);
  if (r.kind === 'section' && r.context) return `A section of the Microsoft Learn article “${md(r.context)}”.`;
  if (r.kind === 'article') return 'A Microsoft Learn article of the Zero Trust guidance.';
  void catalog;
  return r.context ? md(r.context) : md(r.title);
}

/** At most this many acronyms or product names are explained on one card. */
const MAX_DEFINITIONS = 2;

/** "**PIM** · Privileged Identity Management: gives admin roles only when needed ...", one line per name. */
export function definitionsOf(response: SearchResponse): string {
  return (response.terms ?? [])
    .slice(0, MAX_DEFINITIONS)
    .map((t) => (t.means.toLowerCase() === t.term.toLowerCase() ? `**${md(t.term)}**: ${md(t.does)}` : `**${md(t.term)}** · ${md(t.means)}: ${md(t.does)}`))
    .join('\n\n');
}

/** What to do, as a markdown list: an objective's key actions, the first items of a RaMP checklist. */
export function todoOf(r: SearchResult): { title: string; list: string } {
  if (!r.todo?.length) return { title: '', list: '' };
  const title = r.kind === 'objective' ? 'Key actions' : 'First items of its checklist';
  return { title, list: r.todo.map((t) => `- ${md(t)}`).join('\n') };
}

/**
 * The card for a question, for a process that answers many: two questions that find the same matches
 * (with the same typo corrections) get the same answer card but for the asker's words, which only its
 * feedback buttons carry. So the card of each such result set is expanded once and kept (the last `size`
 * of them); each question gets a copy with its own words in the buttons, as answerCard would build it.
 * Did-you-mean and no-results cards quote the question in their text: they are built each time.
 */
export function answerCards(catalog: Catalog, examples: string[] = EXAMPLE_QUESTIONS, size = 0, docs?: DocsStatus): (response: SearchResponse) => Card {
  if (size <= 0) return (response) => answerCard(response, catalog, examples, docs);
  // Bounded by bytes as well as by count: a card is a few KB, and at most MAX_CARD_BYTES.
  const bySet = new LRUCache<string, SharedAnswer>({ max: size, maxSize: size * 8 * 1024, sizeCalculation: (v, k) => v.bytes + k.length });
  // A remembered (frozen) response is the same object each time its question comes again, and so is its
  // card: built once, frozen, and dropped with the response. (Its Learn links are then localised once per
  // locale too: see cards/locale.ts.)
  const byResponse = new WeakMap<SearchResponse, Card>();
  const build = (response: SearchResponse): Card => {
    if (answerKind(response) !== 'answer') return answerCard(response, catalog, examples, docs);
    const key = [
      correctionNote(response),
      definitionsOf(response),
      response.excerpt?.text ?? '',
      ...response.results.slice(0, 1 + MAX_ALTERNATIVES).map((r) => r.id),
    ].join('\n');
    let shared = bySet.get(key);
    if (!shared) {
      // Frozen: every question with this result set shares its parts.
      const card = deepFreeze(bestAnswerCard({ ...response, query: '' }, catalog, docs));
      const slots = (card.actions as Card[]).filter(isFeedback).length;
      bySet.set(key, (shared = { card, bytes: cardBytes(card), slots }));
    }
    return withQuery(shared, response.query);
  };
  return (response) => {
    if (!Object.isFrozen(response)) return build(response);
    let card = byResponse.get(response);
    if (!card) byResponse.set(response, (card = deepFreeze(build(response))));
    return card;
  };
}

/** An answer card built with an empty query, with its size and how many buttons carry the query. */
type SharedAnswer = { card: Card; bytes: number; slots: number };

const isFeedback = (a: Card) => (a.data as Record<string, unknown> | undefined)?.action === 'feedback';

/**
 * The shared card with `query` in its feedback buttons (the only place an answer card has it). The shared
 * card passed checkCard; the query, made inert, adds nothing but its own JSON text to each button, so
 * only the size needs checking again, and that is arithmetic rather than a second serialisation.
 */
function withQuery({ card, bytes, slots }: SharedAnswer, query: string): Card {
  const q = inertData(clip(query, MAX_QUERY));
  const size = bytes + slots * (Buffer.byteLength(JSON.stringify(q), 'utf8') - 2);
  if (size > MAX_CARD_BYTES) throw new CardError('answer', `${size} bytes is over the ${MAX_CARD_BYTES} byte limit`);
  const actions = (card.actions as Card[]).map((a) => (isFeedback(a) ? { ...a, data: { ...(a.data as Card), query: q } } : a));
  return { ...card, actions };
}

/** "I read “conditonal” as “conditional”." so a corrected typo does not look like a wrong answer. */
function correctionNote(response: SearchResponse): string {
  const pairs = Object.entries(response.corrections);
  if (!pairs.length) return '';
  return `I read ${pairs.map(([typed, fixed]) => `“${md(typed)}” as “${md(fixed)}”`).join(', ')}.`;
}

export function bestAnswerCard(response: SearchResponse, catalog: Catalog, docs?: DocsStatus): Card {
  const best = response.results[0];
  if (!best) return noResultsCard(response.query);
  const fresh = freshness(best, catalog, docs);
  const excerpt = response.excerpt;
  const todo = todoOf(best);
  return expandCard('answer', {
    note: correctionNote(response),
    title: md(best.title),
    whatItIs: md(whatItIs(best)),
    definition: definitionsOf(response),
    // The docs' own passage says it better than "a section of ...": our summary only where we wrote one.
    summary: excerpt && !best.summary ? '' : summaryOf(best, catalog),
    excerpt: excerpt?.text ?? '',
    excerptLabel: excerpt ? `Excerpt from Microsoft Learn · ${mdLink(clip(excerpt.heading, 100), excerpt.url)}` : '',
    todo: todo.list,
    todoTitle: todo.title,
    freshness: fresh,
    freshnessStyle: fresh.retired ? 'warning' : 'emphasis',
    alternatives: response.results.slice(1, 1 + MAX_ALTERNATIVES).map((r) => ({
      link: mdLink(clip(r.title, 120), r.url),
      kindLabel: md(whatItIs(r)),
    })),
    url: best.url,
    query: clip(response.query, MAX_QUERY),
    resultId: best.id,
    sourceLine: sourceLine(best.url),
  });
}

export function didYouMeanCard(response: SearchResponse): Card {
  const choices = response.results.slice(0, MAX_CHOICES);
  const first = choices[0];
  return expandCard('did-you-mean', {
    intro: `I'm not sure what you meant by “${md(clip(response.query, 120))}”. ${correctionNote(response)} Pick the closest:`.replace(/\s+/g, ' ').trim(),
    choices: choices.map((r) => {
      // Teams cuts long button titles with an ellipsis; the full title then goes in the line below.
      const title = clip(r.title, MAX_BUTTON_TITLE);
      return {
        title,
        action: clip(r.title, MAX_CHOICE_ACTION),
        label: md(title === r.title.replace(/\s+/g, ' ').trim() ? whatItIs(r) : `${r.title} · ${whatItIs(r)}`),
      };
    }),
    sourceLine: sourceLine(first?.url ?? ZERO_TRUST_HOME),
  });
}

export function noResultsCard(query: string, examples: string[] = EXAMPLE_QUESTIONS): Card {
  const q = clip(query, 120);
  return expandCard('no-results', {
    intro: q
      ? `I couldn't find Zero Trust guidance for “${md(q)}”. Try other words, or start from one of the questions below.`
      : 'Ask me a Zero Trust question, or start from one of the questions below.',
    examples: examples.slice(0, 5).map((question) => ({ question: clip(question, 80) })),
  });
}
