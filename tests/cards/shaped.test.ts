// Cards expanded by shape (the library's expansion of each shape of data, filled with each card's values)
// are the cards the library itself expands, for every template and every kind of data the bot gives them.
import { afterEach, describe, expect, it } from 'vitest';
import { TEMPLATE_NAMES, expandCard, loadTemplate, shapedExpansion, useShapes } from '../../src/cards/templates.js';
import { createBotCards } from '../../src/cards/bot-cards.js';
import { checklistCard, checklistCards, progressCard } from '../../src/cards/checklist.js';
import { SHARED_DOCS_HEAD } from '../../src/cli/args.js';
import { emptyProgress } from '../../src/checklist/progress.js';
import { everyStatus } from './helpers.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { rampSteps } from '../../src/knowledge/lookup.js';
import { CONTENT_DIR } from '../../src/cli/args.js';

afterEach(() => useShapes(true));

const knowledge = loadKnowledge({ contentDir: CONTENT_DIR, docsDir: SHARED_DOCS_HEAD });
const { catalog } = knowledge;

/** Every card the bot builds from the catalog and the docs, built again each time it is called. */
function everyCard(): unknown[] {
  const cards = createBotCards(catalog, { version: '1.2.3', docs: knowledge.docs });
  const out: unknown[] = [
    cards.welcome(),
    cards.welcome({ scope: 'channel' } as never),
    cards.help(),
    cards.about(),
    cards.error('c0ffee'),
    cards.error('c0ffee', 'Something went wrong with “${x}”'),
    cards.roles(),
    cards.pillars(),
    cards.ramp(),
    cards.azure(),
  ];
  for (const role of catalog.roles) out.push(cards.role(role));
  for (const pillar of catalog.pillars) {
    out.push(cards.pillar(pillar));
    pillar.objectives.forEach((_o, i) => out.push(cards.objective(pillar, i)));
  }
  for (const ref of rampSteps(catalog)) out.push(cards.rampStep(ref));
  // Answers, did-you-means and no-results: titles of every kind of entry, typos, empty and odd questions.
  const questions = [
    ...knowledge.entries.filter((_e, i) => i % 7 === 0).map((e) => e.title),
    ...knowledge.entries.filter((_e, i) => i % 11 === 0).map((e) => `how do I ${e.title.toLowerCase()}`),
    'what is PIM and CAE',
    'conditonal acess polices',
    'xyzzy plugh',
    '',
    'a question with ${braces} and $ {money}',
  ];
  for (const q of questions) out.push(cards.answer(knowledge.search(q, { limit: 4 })));
  let progress = emptyProgress();
  for (const list of catalog.checklists) {
    progress = everyStatus(progress, catalog, list);
    out.push(...checklistCards(list, progress, catalog), ...checklistCards(list, emptyProgress(), catalog));
    const first = list.areas[0]!.items[0]!;
    out.push(checklistCard(list, progress, catalog, list.areas[0]!.id, { notice: { item: first.id, text: 'Ada set item 1 to Done at 10:04.' } }));
  }
  out.push(progressCard(progress, catalog), progressCard(emptyProgress(), catalog));
  return out;
}

describe('cards expanded by shape', () => {
  it('are the cards the templating library expands, for every template the bot uses', () => {
    useShapes(false);
    const direct = everyCard();
    useShapes(true);
    const shaped = everyCard();
    expect(shaped.length).toBeGreaterThan(300);
    expect(shaped).toEqual(direct);
    // Twice: the second time every shape is known already.
    expect(everyCard()).toEqual(direct);
  });

  it('applies to every template of cards/, and to no template that computes with a value', () => {
    for (const name of TEMPLATE_NAMES) expect(shapedExpansion(loadTemplate(name)), name).toBe(true);
    const text = (t: string) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: t }] });
    expect(shapedExpansion(text('${toUpper(title)}'))).toBe(false);
    expect(shapedExpansion(text("${if(done, 'yes', 'no')}"))).toBe(false);
    expect(shapedExpansion(text("${status == 'done'}"))).toBe(false);
    expect(shapedExpansion(text('${count(items) > 1}'))).toBe(false);
    expect(shapedExpansion(text('Hello ${name}, you have ${count} items'))).toBe(true);
  });

  it('still refuses what the library would leave unbound, and a card over the size limit', () => {
    expect(() => expandCard('error', { message: 'x' })).toThrow(/card "error": unbound/);
    const huge = { correlationId: 'c', message: '\u0001'.repeat(5_000) };
    // 5,000 characters of six bytes each in JSON: over 28 KB only once escaped.
    expect(() => expandCard('error', huge)).toThrow(/byte limit/);
    expect(() => expandCard('error', { correlationId: 'c', message: 'x'.repeat(20_000) })).not.toThrow();
  });
});
