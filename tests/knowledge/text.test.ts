import { describe, expect, it } from 'vitest';
import { editDistance, normalise, queryWords, stem, typedWords, words } from '../../src/knowledge/text.js';

describe('normalisation', () => {
  it('folds case, accents and punctuation so "Zéro-Trust!" and "zero trust" are the same words', () => {
    expect(normalise('Zéro-Trust!')).toBe('zero trust');
    expect(normalise('  Microsoft   Entra\tID ')).toBe('microsoft entra id');
    expect(normalise('I’m an app developer')).toBe('im an app developer');
  });

  it('reads plurals and word forms as one word', () => {
    const same = [
      ['backups', 'backup'],
      ['policies', 'policy'],
      ['identities', 'identity'],
      ['devices', 'device'],
      ['integrating', 'integration', 'integrate'],
    ];
    for (const forms of same) expect(new Set(forms.map(stem)).size).toBe(1);
    expect(words('Backups, policies')).toEqual([stem('backup'), stem('policy')]);
  });

  it('leaves acronyms, short words and words that only look plural alone', () => {
    for (const w of ['access', 'analysis', 'devops', 'status', 'aws', 'mfa', 'e5', 'sentinel']) expect(stem(w)).toBe(w);
  });

  it('drops the filler words of a question but keeps its subject', () => {
    expect(typedWords('How do we keep backups safe from ransomware?')).toEqual(['backups', 'safe', 'ransomware']);
    expect(typedWords("I'm an app developer")).toEqual(['app', 'developer']);
    expect(queryWords('backups')).toEqual([stem('backup')]);
  });

  it('keeps a question made only of filler words rather than dropping it all', () => {
    expect(typedWords('what is it')).toEqual(['what', 'is', 'it']);
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
