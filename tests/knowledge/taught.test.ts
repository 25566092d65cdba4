// Taught phrases in the search: how a phrase matches a question, what the response looks like, how
// content/taught.yaml is checked, and `npm run content:export-taught` writing what was taught in Teams as
// that file, which the catalog then reads, so the taught question finds its page without the store.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerKind } from '../../src/cards/answer.js';
import { ContentError, loadCatalog } from '../../src/knowledge/content-loader.js';
import { buildKnowledge } from '../../src/knowledge/index.js';
import { TAUGHT_CONFIDENCE, TaughtSet, phraseKey, taughtMatcher } from '../../src/knowledge/taught.js';
import { FileStore } from '../../src/storage/file-store.js';
import { taughtStore } from '../../src/storage/taught.js';
import { knowledge } from '../helpers/bot.js';

const CONTENT = resolve(__dirname, '../../content');
const QUESTION = 'tell me about security stuff';
const temp: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), name));
  temp.push(dir);
  return dir;
};
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('matching a taught phrase', () => {
  it('needs every word of the phrase, in any order, stemmed, small words of grammar aside', () => {
    const match = taughtMatcher([{ phrase: 'backup strategy', entry: 'article:backup' }]);
    expect(match('what is our backup strategy')).toBe('article:backup');
    expect(match('strategies for the backups')).toBe('article:backup');
    expect(match('backup of the mailbox')).toBeUndefined();
    expect(phraseKey('How do I reset MFA?')).toBe(phraseKey('reset mfa'));
    // Words the search ignores as filler still count in a phrase: "stuff" was meant.
    expect(taughtMatcher([{ phrase: 'security stuff', entry: 'x:y' }])('security baselines')).toBeUndefined();
  });

  it('prefers the most specific phrase, then the one taught last', () => {
    const match = taughtMatcher([
      { phrase: 'mfa', entry: 'a:general' },
      { phrase: 'mfa for guests', entry: 'a:guests' },
      { phrase: 'guests mfa', entry: 'a:later' },
    ]);
    expect(match('mfa for our guests')).toBe('a:later');
    expect(match('turn on mfa')).toBe('a:general');
  });

  it('puts the taught entry first with high confidence, and keeps the other pages below it', () => {
    const set = new TaughtSet();
    const k = buildKnowledge(loadCatalog(CONTENT), [], [], { taught: set, searchCacheSize: 10 });
    const before = k.search(QUESTION, { limit: 4 });
    expect(answerKind(before)).toBe('did-you-mean');
    set.set([{ phrase: 'security stuff', entry: 'pillar:identity' }]);
    const after = k.search(QUESTION, { limit: 4 });
    expect(after.results.map((r) => r.id)).toEqual(
      ['pillar:identity', ...before.results.map((r) => r.id).filter((id) => id !== 'pillar:identity')].slice(0, 4),
    );
    expect(after.results[0]!.confidence).toBe(TAUGHT_CONFIDENCE);
    // A search for another kind of entry is not changed, and a phrase removed stops applying (the cache too).
    expect(k.search(QUESTION, { limit: 4, kinds: ['article'] }).results[0]!.id).not.toBe('pillar:identity');
    set.set([]);
    expect(k.search(QUESTION, { limit: 4 })).toEqual(before);
  });
});

describe('content/taught.yaml', () => {
  const withTaught = (yaml: string) => {
    const dir = tempDir('zt-taught-content-');
    cpSync(CONTENT, dir, { recursive: true });
    writeFileSync(join(dir, 'taught.yaml'), yaml);
    return dir;
  };

  it('names the file, the phrase and the field of a problem', () => {
    const unknown = withTaught('taught:\n  - phrase: security stuff\n    entry: pillar:nowhere\n');
    expect(() => loadCatalog(unknown)).toThrow(ContentError);
    expect(() => loadCatalog(unknown)).toThrow(/taught\.yaml: taught\[0\] \(phrase "security stuff"\): entry: no entry "pillar:nowhere" in the catalog/);
    const twice = withTaught('taught:\n  - phrase: security stuff\n    entry: pillar:identity\n  - phrase: Stuff, security\n    entry: ramp:overview\n');
    expect(() => loadCatalog(twice)).toThrow(/taught\[1\] \(phrase "Stuff, security"\): phrase: taught already as taught\[0\]/);
    const bad = withTaught('taught:\n  - phrase: ""\n    entry: identity\n');
    expect(() => loadCatalog(bad)).toThrow(/taught\.yaml: taught\[0\]\.phrase: must not be empty; taught\[0\]\.entry: must be an entry id/);
  });

  it('is optional: without it nothing is taught', () => {
    expect(knowledge().catalog.taught).toEqual([]);
  });
});

describe('npm run content:export-taught', () => {
  it('writes what was taught in the store as content/taught.yaml, which the catalog reads: the question finds the page without the store', async () => {
    const contentDir = tempDir('zt-export-content-');
    cpSync(CONTENT, contentDir, { recursive: true });
    const dataDir = tempDir('zt-export-data-');
    const taught = taughtStore(new FileStore(join(dataDir, 'kv')), () => Promise.resolve('a-salt-of-our-own-making'));
    await taught.teach('security stuff', 'ramp:overview', 'aad-ada');
    // A docs section (the catalog has its page only): committed as its page.
    await taught.teach('restore plan', 'section:data-compliance-gov-ransomware-recovery-readiness#backups', 'aad-ada');
    await taught.teach('docs only', 'article:not/in/the/catalog', 'aad-ada');

    const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../src/cli/export-taught.ts')], {
      env: { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: contentDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toContain('left out "docs only"');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/taught\.yaml: 2 phrase\(s\), 2 from the store, 0 kept from the file/);
    const file = readFileSync(join(contentDir, 'taught.yaml'), 'utf8');
    expect(file).not.toContain('aad-ada');

    // The catalog with the file, and no store at all.
    const catalog = loadCatalog(contentDir);
    expect(catalog.taught.map(({ phrase, entry }) => ({ phrase, entry }))).toEqual([
      { phrase: 'security stuff', entry: 'ramp:overview' },
      { phrase: 'restore plan', entry: 'article:data-compliance-gov-ransomware-recovery-readiness' },
    ]);
    const k = buildKnowledge(catalog);
    expect(knowledge().search(QUESTION, { limit: 4 }).results[0]!.id).not.toBe('ramp:overview');
    expect(k.search(QUESTION, { limit: 4 }).results[0]).toMatchObject({ id: 'ramp:overview', confidence: TAUGHT_CONFIDENCE });
    expect(k.search('we need a restore plan', { limit: 4 }).results[0]!.id).toBe('article:data-compliance-gov-ransomware-recovery-readiness');

    // Exported again after a change: the file's phrases stay, the store's changes win.
    await taught.teach('security stuff', 'pillar:identity', 'aad-ada');
    const again = spawnSync(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../src/cli/export-taught.ts')], {
      env: { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: contentDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(again.status, again.stderr).toBe(0);
    expect(loadCatalog(contentDir).taught.map((t) => t.entry)).toEqual(['article:data-compliance-gov-ransomware-recovery-readiness', 'pillar:identity']);
  }, 120_000);
});
