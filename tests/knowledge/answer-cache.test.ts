// Repeated questions are answered from memory: the same answer as a fresh search, never one that a
// caller could change for the next person, and only as many as the cache is allowed to hold.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedSearch } from '../../src/knowledge/answer-cache.js';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { buildKnowledge } from '../../src/knowledge/index.js';
import type { SearchOptions } from '../../src/knowledge/search.js';
import { createBotCards } from '../../src/cards/bot-cards.js';

const catalog = loadCatalog(resolve(__dirname, '../../content'));
const fresh = buildKnowledge(catalog);
const remembered = buildKnowledge(catalog, [], [], { searchCacheSize: 10 });

/** A search that counts how often it really ran. */
function counting() {
  const asked: string[] = [];
  const search = (query: string, options?: SearchOptions) => {
    asked.push(query);
    return fresh.search(query, options);
  };
  return { asked, search };
}

describe('remembered answers', () => {
  it('answer a repeated question exactly as a fresh search does, without searching again', () => {
    const { asked, search } = counting();
    const cached = cachedSearch(search, 10);
    const first = cached('require MFA for all users');
    const again = cached('require MFA for all users');
    expect(again).toBe(first);
    expect(again).toEqual(fresh.search('require MFA for all users'));
    expect(asked).toEqual(['require MFA for all users']);
  });

  it('keep the words each person used: "MFA" and "mfa" are asked, and echoed, separately', () => {
    const upper = remembered.search('MFA');
    const lower = remembered.search('mfa');
    expect(upper.query).toBe('MFA');
    expect(lower.query).toBe('mfa');
    expect(lower.results[0]!.id).toBe(upper.results[0]!.id);
  });

  it('tell a different result limit or kind filter apart from the same words', () => {
    expect(remembered.search('ransomware', { limit: 1 }).results).toHaveLength(1);
    expect(remembered.search('ransomware', { limit: 4 }).results.length).toBeGreaterThan(1);
    expect(remembered.search('ransomware', { kinds: ['pillar'] }).results.every((r) => r.kind === 'pillar')).toBe(true);
  });

  it('cannot be changed by one caller for the next', () => {
    const r = remembered.search('conditional access');
    expect(() => {
      (r.results[0] as { title: string }).title = 'changed';
    }).toThrow(TypeError);
    expect(() => r.results.pop()).toThrow(TypeError);
    expect(remembered.search('conditional access').results[0]!.title).not.toBe('changed');
  });

  it('hold at most the configured number of questions, the least recently asked going first', () => {
    const { asked, search } = counting();
    const cached = cachedSearch(search, 2);
    cached('ransomware');
    cached('mfa');
    cached('ransomware'); // recently used again: "mfa" is now the oldest
    cached('devices'); // evicts "mfa"
    cached('ransomware');
    cached('mfa');
    expect(asked).toEqual(['ransomware', 'mfa', 'devices', 'mfa']);
  });

  it('size 0 turns the cache off: every question is searched', () => {
    const { asked, search } = counting();
    const cached = cachedSearch(search, 0);
    expect(cached('mfa')).not.toBe(cached('mfa'));
    expect(asked).toEqual(['mfa', 'mfa']);
  });

  it('a remembered answer gets the same, read-only card each time; a fresh one a card of its own', () => {
    const cards = createBotCards(catalog);
    const card = cards.answer(remembered.search('passwordless sign in'));
    expect(cards.answer(remembered.search('passwordless sign in'))).toBe(card);
    expect(Object.isFrozen(card)).toBe(true);
    const unremembered = cards.answer(fresh.search('passwordless sign in'));
    expect(unremembered).toEqual(card);
    expect(unremembered).not.toBe(cards.answer(fresh.search('passwordless sign in')));
  });
});
