// Keys as file and blob names: safe, reversible, one spelling per key, prefix-preserving.
import { describe, expect, it } from 'vitest';
import { MAX_KEY_LENGTH, decodeKey, encodeKey, isHashedName, keyToName, namePrefix } from '../../src/storage/kv.js';
import { TEAMS_KEYS } from './contract.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ALPHABET = [...'aZ09:;@=._-~%/\\ *?"<>|', 'é', '零', '😀', '\u0000', '\n', 'C', 'o', 'n', 'c'];
function randomKey(next: () => number, max = 40): string {
  const len = 1 + Math.floor(next() * max);
  return Array.from({ length: len }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
}

describe('encodeKey / decodeKey', () => {
  it('turns Teams conversation ids into safe names and back', () => {
    expect(encodeKey('19:abc@thread.tacv2;messageid=123')).toBe('19~3Aabc~40thread~2Etacv2~3Bmessageid~3D123');
    expect(encodeKey('a:1Xy_-=')).toBe('a~3A1~58y_-~3D');
    for (const key of TEAMS_KEYS) {
      expect(encodeKey(key)).toMatch(/^(?:[a-z0-9_-]|~[0-9A-F]{2})+$/);
      expect(decodeKey(encodeKey(key))).toBe(key);
    }
  });

  it('escapes Windows device names, and "." and ".."', () => {
    expect(encodeKey('con')).toBe('~63on');
    expect(encodeKey('com1')).toBe('~63om1');
    expect(encodeKey('console')).toBe('console');
    expect(encodeKey('.')).toBe('~2E');
    expect(encodeKey('..')).toBe('~2E~2E');
    expect(decodeKey('~63on')).toBe('con');
  });

  it('refuses names it cannot have produced', () => {
    for (const name of ['', 'A', 'a.b', '~4', '~4a', '~zz', 'con', '~61', '~FF', 'x~~abc']) expect(decodeKey(name), name).toBeUndefined();
  });

  it('is reversible, case-safe and prefix-preserving on random keys', () => {
    const next = rng(42);
    const seen = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      const key = randomKey(next);
      const name = encodeKey(key);
      expect(decodeKey(name)).toBe(key);
      const folded = name.toLowerCase();
      if (seen.has(folded)) expect(seen.get(folded)).toBe(key);
      seen.set(folded, key);
      const cut = 1 + Math.floor(next() * key.length);
      const prefix = [...key].slice(0, cut).join('');
      expect(name.startsWith(namePrefix(prefix, 150)), `${JSON.stringify(key)} / ${JSON.stringify(prefix)}`).toBe(true);
    }
  });
});

describe('keyToName', () => {
  it('keeps short names and hashes long ones, still prefix-comparable', () => {
    expect(keyToName('progress/t1', 150)).toEqual({ name: 'progress~2Ft1', hashed: false });
    const next = rng(7);
    for (let i = 0; i < 500; i++) {
      const key = randomKey(next, 400);
      for (const max of [150, 1000]) {
        const { name, hashed } = keyToName(key, max);
        expect(name.length).toBeLessThanOrEqual(max);
        expect(isHashedName(name)).toBe(hashed);
        expect(hashed).toBe(encodeKey(key).length > max);
        // A UTF-16 cut may end in half a surrogate pair: namePrefix then narrows nothing ('').
        const prefix = key.slice(0, Math.floor(next() * key.length) + 1);
        expect(name.startsWith(namePrefix(prefix, max))).toBe(true);
      }
    }
    expect(keyToName('a'.repeat(200), 150).name).not.toBe(keyToName(`${'a'.repeat(199)}b`, 150).name);
  });

  it('rejects empty, over-long and ill-formed keys', () => {
    expect(() => keyToName('', 150)).toThrow(TypeError);
    expect(() => keyToName('x'.repeat(MAX_KEY_LENGTH + 1), 150)).toThrow(TypeError);
    expect(() => keyToName('x\uDC00', 150)).toThrow(TypeError);
    expect(keyToName('x'.repeat(MAX_KEY_LENGTH), 150).hashed).toBe(true);
  });
});
