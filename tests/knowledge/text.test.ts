import { describe, expect, it } from 'vitest';
import { editDistance, normalise, queryWords, stem, words } from '../../src/knowledge/text.js';

describe('normalisation', () => {
  it('folds case, accents and punctuation so "Zéro-Trust!" and "zero trust" are the same words', () => {
    expect(normalise('Zéro-Trust!')).toBe('zero trust');
    expect(normalise('  Microsoft   Entra\tID ')).toBe('microsoft entra id');
    expect(normalise('I’m an app developer')).toBe('im an app developer');
  });

  it('reads plurals as their singular', () => {
    expect(words('Backups, policies and identities')).toEqual(['backup', 'policy', 'and', 'identity']);
    expect(stem('devices')).toBe('device');
    expect(stem('switches')).toBe('switch');
  });

  it('leaves words that only look plural alone', () => {
    for (const w of ['access', 'analysis', 'devops', 'status', 'azure', 'aws']) expect(stem(w)).toBe(w);
  });

  it('drops the filler words of a question but keeps its subject', () => {
    expect(queryWords('How do we keep backups safe from ransomware?')).toEqual(['backup', 'safe', 'ransomware']);
    expect(queryWords("I'm an app developer")).toEqual(['app', 'developer']);
  });

  it('keeps a question made only of filler words rather than dropping it all', () => {
    expect(queryWords('what is it')).toEqual(['what', 'is', 'it']);
  });

  it('counts a swapped pair of letters as one typo', () => {
    expect(editDistance('acess', 'access')).toBe(1);
    expect(editDistance('sentinal', 'sentinel')).toBe(1);
    expect(editDistance('conditonal', 'conditional')).toBe(1);
    expect(editDistance('ransomwear', 'ransomware')).toBe(2);
    expect(editDistance('tihs', 'this')).toBe(1);
    expect(editDistance('pizza', 'policy', 2)).toBeGreaterThan(2);
  });
});
