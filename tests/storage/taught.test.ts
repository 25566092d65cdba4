// The taught phrases' record: bounded (MAX_TAUGHT phrases, MAX_PHRASE characters each), the same words
// taught again lead to the new entry, and two instances (two store objects on one folder) teaching at once
// lose nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PHRASE, MAX_TAUGHT } from '../../src/knowledge/taught.js';
import { FileStore } from '../../src/storage/file-store.js';
import { TAUGHT_KEY, type TaughtRecord, TaughtRefused, personHash, taughtStore } from '../../src/storage/taught.js';

const SALT = 'a-salt-of-our-own-making';
const open = (dir: string) => taughtStore(new FileStore(join(dir, 'kv')), () => Promise.resolve(SALT));

describe('the taught phrases record', () => {
  it('replaces a phrase taught again with the same words, and keeps who taught it as a hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-taught-'));
    const store = open(dir);
    await store.teach('backup strategy', 'pillar:data', 'aad-ada');
    await store.teach('Strategy for backups', 'pillar:infrastructure', 'aad-bob');
    const { value } = (await new FileStore(join(dir, 'kv')).get<TaughtRecord>(TAUGHT_KEY))!;
    expect(value.phrases).toEqual([
      { phrase: 'Strategy for backups', entry: 'pillar:infrastructure', by: personHash(SALT, 'aad-bob'), at: expect.any(String) },
    ]);
  });

  it(`keeps at most ${MAX_TAUGHT} phrases of at most ${MAX_PHRASE} characters`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-taught-'));
    const kv = new FileStore(join(dir, 'kv'));
    const full = Array.from({ length: MAX_TAUGHT }, (_, i) => ({ phrase: `phrase number${i}`, entry: 'pillar:identity', by: 'x', at: '2026-01-01T00:00:00Z' }));
    await kv.put(TAUGHT_KEY, { phrases: full });
    const store = open(dir);
    await expect(store.teach('one more phrase', 'pillar:identity', 'aad-ada')).rejects.toThrow(TaughtRefused);
    // Teaching a phrase it has again is a change, not one more.
    await store.teach('phrase number7', 'pillar:data', 'aad-ada');
    await expect(store.teach('x'.repeat(MAX_PHRASE + 1), 'pillar:identity', 'aad-ada')).rejects.toThrow(/at most 200 characters/);
    await expect(store.teach('?!', 'pillar:identity', 'aad-ada')).rejects.toThrow(/no words/);
    expect((await store.read())!.value.phrases).toHaveLength(MAX_TAUGHT);
  });

  it('loses nothing when two instances teach at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-taught-'));
    const [a, b] = [open(dir), open(dir)];
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).teach(`phrase number${i}`, 'pillar:identity', 'aad-ada')));
    expect((await a.read())!.value.phrases.map((p) => p.phrase).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `phrase number${i}`).sort());
    expect((await b.remove(3))!.removed).toBeDefined();
    expect((await a.read())!.value.phrases).toHaveLength(19);
  });
});
