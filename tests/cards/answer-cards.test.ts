// Questions that find the same matches share one expanded answer card: each asker still gets exactly the
// card answerCard would build for them, with their own words in the feedback buttons and nowhere else.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerCard, answerCards, answerKind } from '../../src/cards/answer.js';
import { EXAMPLE_QUESTIONS } from '../../src/cards/info.js';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { buildKnowledge } from '../../src/knowledge/index.js';

const catalog = loadCatalog(resolve(__dirname, '../../content'));
const k = buildKnowledge(catalog);
const ask = (q: string) => k.search(q, { limit: 4 });

type Action = { type: string; data?: { action?: string; query?: string } };
const feedbackQueries = (card: Record<string, unknown>) => (card.actions as Action[]).filter((a) => a.data?.action === 'feedback').map((a) => a.data!.query);

describe('answer cards kept by result set', () => {
  it('give each asker the card answerCard builds, with their own words in the buttons', () => {
    const cards = answerCards(catalog, EXAMPLE_QUESTIONS, 50);
    const questions = [
      'require MFA for all users',
      'REQUIRE mfa for ALL users',
      'require MFA for all users ${secret}',
      `require MFA for all users ${'for every one of our users '.repeat(20)}`,
      'how should we protect against ransomware',
      'How should we protect against RANSOMWARE?',
      'conditonal acess policies',
      'Conditonal Acess policies',
    ];
    for (const q of questions) {
      const response = ask(q);
      expect(answerKind(response), q).toBe('answer');
      expect(cards(response), q).toEqual(answerCard(response, catalog));
    }
    const mfa = cards(ask('REQUIRE mfa for ALL users'));
    expect(feedbackQueries(mfa)).toEqual(['REQUIRE mfa for ALL users', 'REQUIRE mfa for ALL users']);
    // Text that looks like a template binding stays inert, as in a card expanded from scratch.
    expect(JSON.stringify(cards(ask('require MFA for all users ${secret}')))).not.toContain('${secret}');
  });

  it('do not share a card between two questions whose typo corrections differ', () => {
    const cards = answerCards(catalog, EXAMPLE_QUESTIONS, 50);
    const typed = ask('conditonal access policies');
    const clean = ask('conditional access policies');
    expect(typed.results.map((r) => r.id)).toEqual(clean.results.map((r) => r.id));
    expect(cards(clean)).toEqual(answerCard(clean, catalog));
    expect(cards(typed)).toEqual(answerCard(typed, catalog));
    expect(JSON.stringify(cards(typed))).toContain('conditonal');
    expect(JSON.stringify(cards(clean))).not.toContain('conditonal');
  });

  it('never hand one asker a card another asker can change', () => {
    const cards = answerCards(catalog, EXAMPLE_QUESTIONS, 50);
    const first = cards(ask('phishing resistant mfa'));
    const second = cards(ask('Phishing resistant MFA'));
    expect(first).not.toBe(second);
    expect(() => (((first.body as unknown[])[0] as Record<string, unknown>).text = 'changed')).toThrow(TypeError);
    (second.actions as Action[])[1]!.data = { action: 'feedback', query: 'changed' };
    expect(feedbackQueries(cards(ask('phishing resistant mfa')))).toEqual(['phishing resistant mfa', 'phishing resistant mfa']);
  });

  it('build did-you-mean and no-results cards each time, since they quote the question', () => {
    const cards = answerCards(catalog, EXAMPLE_QUESTIONS, 50);
    for (const q of ['xqzv plorf', 'identity', 'thing']) {
      const response = ask(q);
      expect(cards(response), q).toEqual(answerCard(response, catalog));
    }
    expect(answerKind(ask('xqzv plorf'))).toBe('no-results');
  });

  it('give a remembered question the card it got before, frozen, and a new spelling a card of its own', () => {
    const remembering = buildKnowledge(catalog, [], [], { searchCacheSize: 10 });
    const cards = answerCards(catalog, EXAMPLE_QUESTIONS, 50);
    for (const q of ['require MFA for all users', 'identity', 'xqzv plorf']) {
      const response = remembering.search(q, { limit: 4 });
      expect(Object.isFrozen(response), q).toBe(true);
      const card = cards(response);
      expect(card, q).toEqual(answerCard(response, catalog));
      expect(cards(remembering.search(q, { limit: 4 })), q).toBe(card);
      expect(() => ((card.actions as Action[]).push({ type: 'Action.Submit' }), q)).toThrow(TypeError);
    }
    const again = cards(remembering.search('REQUIRE mfa for all users', { limit: 4 }));
    expect(feedbackQueries(again)).toEqual(['REQUIRE mfa for all users', 'REQUIRE mfa for all users']);
  });

  it('size 0 builds every card from the template', () => {
    const cards = answerCards(catalog, EXAMPLE_QUESTIONS, 0);
    const response = ask('require MFA for all users');
    const a = cards(response);
    expect(a).toEqual(answerCard(response, catalog));
    expect(Object.isFrozen(a.body)).toBe(false);
  });
});
