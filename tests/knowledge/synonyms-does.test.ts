// Every acronym and product rename says, in one sentence of our own, what the thing is for, so that an
// answer to "what is PIM" explains it without sending the person out of Teams.
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIR } from '../../src/cli/args.js';
import { ContentError, loadCatalog, parseContent } from '../../src/knowledge/content-loader.js';
import { type Synonym, synonymsFile } from '../../src/knowledge/schema.js';

const explained = loadCatalog(CONTENT_DIR).synonyms.filter((s) => s.kind === 'acronym' || s.kind === 'rename');

/** Entries that name the same thing (AAD and Azure AD) may share one sentence; others may not. */
const sameThing = (a: Synonym, b: Synonym) =>
  [...a.means]
    .map((m) => m.toLowerCase())
    .sort()
    .join('|') ===
  [...b.means]
    .map((m) => m.toLowerCase())
    .sort()
    .join('|');

function problemOf(entry: Record<string, unknown>): string {
  try {
    parseContent('synonyms.yaml', yaml.dump({ synonyms: [entry] }), synonymsFile);
  } catch (err) {
    if (err instanceof ContentError) return err.message;
    throw err;
  }
  throw new Error('the entry was accepted');
}

describe('what each acronym and rename does', () => {
  it('is there for every acronym and rename', () => {
    expect(explained.length).toBeGreaterThan(300);
    expect(explained.filter((s) => !s.does).map((s) => s.term)).toEqual([]);
  });

  it('is one sentence of 12 to 30 words', () => {
    const off = explained.filter((s) => {
      const words = s.does!.split(/\s+/).length;
      return words < 12 || words > 30 || !/[.!?]$/.test(s.does!);
    });
    expect(off.map((s) => `${s.term}: ${s.does}`)).toEqual([]);
  });

  it('is not the sentence of an entry for something else', () => {
    const first = new Map<string, Synonym>();
    const repeated: string[] = [];
    for (const s of explained) {
      const key = s.does!.toLowerCase();
      const other = first.get(key);
      if (!other) first.set(key, s);
      else if (other.term !== s.term && !sameThing(other, s)) repeated.push(`${other.term} and ${s.term}: ${s.does}`);
    }
    expect(repeated).toEqual([]);
  });

  it('is rejected, naming the entry, when it is too short, too long or more than one line', () => {
    const entry = { term: 'PIM', kind: 'acronym', means: ['Privileged Identity Management'] };
    expect(problemOf({ ...entry, does: 'Admin roles.' })).toMatch(/synonyms\[0\]\.does: the entry "PIM": must be 20 to 220 characters \(it has 12\)/);
    expect(problemOf({ ...entry, does: 'x'.repeat(221) })).toMatch(/"PIM": must be 20 to 220 characters/);
    expect(problemOf({ ...entry, does: 'Hands out admin roles\nonly when someone needs them.' })).toMatch(/"PIM": must be one sentence on one line/);
    expect(
      parseContent('synonyms.yaml', yaml.dump({ synonyms: [{ ...entry, does: '  Hands out admin roles only when needed.  ' }] }), synonymsFile).synonyms[0]!
        .does,
    ).toBe('Hands out admin roles only when needed.');
  });
});
