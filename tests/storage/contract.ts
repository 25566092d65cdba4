// One contract for every KeyValueStore: the file store and the Azure Blob store run the same tests.
import { describe, expect, it } from 'vitest';
import { ConflictError, type KeyValueStore, update } from '../../src/storage/kv.js';

/** Returns a fresh, empty store for each call. */
export type StoreFactory = () => KeyValueStore | Promise<KeyValueStore>;

export const TEAMS_KEYS = [
  '19:abc@thread.tacv2;messageid=123',
  'a:1Xy_-=',
  // Only the case differs from the one above: a case-insensitive file system must still keep them apart.
  'a:1xY_-=',
  '29:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_=+/AbCdEfGhIjKlMnOpQrStUvWxYz',
  'progress/19:abc@thread.skype/Zéro Trust 零信任 😀',
  'con',
  '.',
  '..',
  '%41~41 \\ / ? * " < > |',
];

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name}: KeyValueStore contract`, () => {
    it('returns undefined for a missing key', async () => {
      const store = await factory();
      expect(await store.get('nothing-here')).toBeUndefined();
    });

    it('round-trips JSON values and returns the eTag that put returned', async () => {
      const store = await factory();
      const value = { s: 'text', n: 42.5, b: true, z: null, list: [1, 'two', { three: 3 }], nested: { deep: { deeper: [] } } };
      const etag = await store.put('record', value);
      expect(typeof etag).toBe('string');
      expect(etag.length).toBeGreaterThan(0);
      expect(await store.get('record')).toEqual({ value, etag });
      await store.put('scalar', 7);
      expect((await store.get('scalar'))?.value).toBe(7);
    });

    it('gives a new eTag on every put, even of the same value', async () => {
      const store = await factory();
      const etags = new Set<string>();
      for (let i = 0; i < 5; i++) etags.add(await store.put('k', { same: true }));
      expect(etags.size).toBe(5);
      expect([...etags]).toContain((await store.get('k'))?.etag);
    });

    it('a put with the current eTag wins; a stale eTag throws ConflictError and changes nothing', async () => {
      const store = await factory();
      const first = await store.put('k', { v: 1 });
      const second = await store.put('k', { v: 2 }, { ifMatch: first });
      await expect(store.put('k', { v: 3 }, { ifMatch: first })).rejects.toBeInstanceOf(ConflictError);
      expect(await store.get('k')).toEqual({ value: { v: 2 }, etag: second });
      // ifMatch on a key that does not exist is a conflict too, and creates nothing.
      await expect(store.put('absent', 1, { ifMatch: second })).rejects.toBeInstanceOf(ConflictError);
      expect(await store.get('absent')).toBeUndefined();
    });

    it("ifNoneMatch '*' creates a missing key and refuses an existing one", async () => {
      const store = await factory();
      const etag = await store.put('k', 'first', { ifNoneMatch: '*' });
      const error = await store.put('k', 'second', { ifNoneMatch: '*' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).key).toBe('k');
      expect(await store.get('k')).toEqual({ value: 'first', etag });
    });

    it('an unconditional put overwrites', async () => {
      const store = await factory();
      await store.put('k', 1);
      const etag = await store.put('k', 2);
      expect(await store.get('k')).toEqual({ value: 2, etag });
    });

    it('deletes, conditionally or not; deleting a missing key is a no-op', async () => {
      const store = await factory();
      await store.delete('never-there');
      const etag = await store.put('a', 1);
      await store.put('b', 2);
      await expect(store.delete('a', { ifMatch: 'stale-etag' })).rejects.toBeInstanceOf(ConflictError);
      expect(await store.get('a')).toEqual({ value: 1, etag });
      await store.delete('a', { ifMatch: etag });
      expect(await store.get('a')).toBeUndefined();
      await store.delete('b');
      expect(await store.get('b')).toBeUndefined();
      expect(await store.list('')).toEqual([]);
      await expect(store.delete('a', { ifMatch: etag })).rejects.toBeInstanceOf(ConflictError);
      // A key written again after a delete does not get an old eTag back.
      const again = await store.put('a', 1);
      expect(again).not.toBe(etag);
    });

    it('lists keys by prefix, sorted', async () => {
      const store = await factory();
      for (const k of ['progress/t2/b', 'progress/t1/a', 'progress', 'references/19:x@thread.v2', 'prog', 'state/u/1']) await store.put(k, k);
      expect(await store.list('progress/')).toEqual(['progress/t1/a', 'progress/t2/b']);
      expect(await store.list('prog')).toEqual(['prog', 'progress', 'progress/t1/a', 'progress/t2/b']);
      expect(await store.list('references/')).toEqual(['references/19:x@thread.v2']);
      expect(await store.list('nothing/')).toEqual([]);
      expect(await store.list('')).toHaveLength(6);
    });

    it('keeps keys with Teams conversation-id characters apart and lists them exactly', async () => {
      const store = await factory();
      for (const [i, key] of TEAMS_KEYS.entries()) await store.put(key, { i, key });
      for (const [i, key] of TEAMS_KEYS.entries()) expect((await store.get(key))?.value).toEqual({ i, key });
      expect(await store.list('')).toEqual([...TEAMS_KEYS].sort());
      expect(await store.list('a:1')).toEqual(['a:1Xy_-=', 'a:1xY_-=']);
      expect(await store.list('19:abc@thread.tacv2;')).toEqual(['19:abc@thread.tacv2;messageid=123']);
      expect(await store.list('co')).toEqual(['con']);
      expect(await store.list('con')).toEqual(['con']);
      await store.delete('a:1Xy_-=');
      expect(await store.get('a:1xY_-=')).toBeDefined();
    });

    it('keeps very long keys (hashed names) and lists them', async () => {
      const store = await factory();
      const long = (c: string) => `progress/${c.repeat(900)}`;
      await store.put(long('A'), 'a');
      await store.put(long('B'), 'b');
      await store.put(`${long('A')}!`, 'a!');
      expect((await store.get(long('A')))?.value).toBe('a');
      expect((await store.get(`${long('A')}!`))?.value).toBe('a!');
      expect(await store.list('progress/')).toEqual([long('A'), `${long('A')}!`, long('B')]);
      expect(await store.list(long('A'))).toEqual([long('A'), `${long('A')}!`]);
      expect(await store.list(`progress/${'B'.repeat(600)}`)).toEqual([long('B')]);
      await expect(store.put('k'.repeat(1025), 1)).rejects.toBeInstanceOf(TypeError);
    });

    it('keeps Unicode values intact', async () => {
      const store = await factory();
      const value = { text: 'Zéro Trust ✓ 零信任 — «ramp» 😀👩🏽‍💻', escapes: '\u0000\n\t"\\', rtl: 'שלום' };
      await store.put('unicode', value);
      expect((await store.get('unicode'))?.value).toEqual(value);
    });

    it('rejects what it cannot store', async () => {
      const store = await factory();
      await expect(store.put('k', undefined)).rejects.toBeInstanceOf(TypeError);
      await expect(store.put('', 1)).rejects.toBeInstanceOf(TypeError);
      await expect(store.put('bad\uD800', 1)).rejects.toBeInstanceOf(TypeError);
      await expect(store.put('k', 1, { ifMatch: 'x', ifNoneMatch: '*' })).rejects.toBeInstanceOf(TypeError);
      expect(await store.list('')).toEqual([]);
    });

    it('update creates, then changes, and returns what it wrote', async () => {
      const store = await factory();
      expect(await update<number>(store, 'counter', (n) => (n ?? 0) + 1)).toBe(1);
      expect(await update<number>(store, 'counter', (n) => (n ?? 0) + 1)).toBe(2);
      expect((await store.get('counter'))?.value).toBe(2);
    });

    const concurrentUpdates = async (store: KeyValueStore, count: number, queue: boolean) => {
      const key = 'progress/19:abc@thread.tacv2';
      let attempts = 0;
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          update<{ items: string[] }>(
            store,
            key,
            (cur) => {
              attempts++;
              return { items: [...(cur?.items ?? []), `item-${i}`] };
            },
            { queue },
          ),
        ),
      );
      const items = (await store.get<{ items: string[] }>(key))?.value.items ?? [];
      expect(items).toHaveLength(count);
      expect(new Set(items)).toEqual(new Set(Array.from({ length: count }, (_, i) => `item-${i}`)));
      return attempts;
    };

    it('keeps every one of 50 concurrent updates to one record (queued in-process: no conflicts)', async () => {
      expect(await concurrentUpdates(await factory(), 50, true)).toBe(50);
    });

    it('keeps every one of 20 concurrent unqueued updates to one record (they conflict and retry)', async () => {
      // Each one still reads, fails its conditional write, backs off and tries again: more than 20 attempts.
      expect(await concurrentUpdates(await factory(), 20, false)).toBeGreaterThan(20);
    });

    it('update gives up after its retries with the ConflictError', async () => {
      const store = await factory();
      await store.put('k', 0);
      // Someone else writes between every read and write.
      const meddling: KeyValueStore = {
        get: (k) => store.get(k),
        put: async (k, v, o) => {
          await store.put(k, -1);
          return store.put(k, v, o);
        },
        delete: (k, o) => store.delete(k, o),
        list: (p) => store.list(p),
      };
      let calls = 0;
      const bump = (n: number | undefined) => (calls++, (n ?? 0) + 1);
      await expect(update<number>(meddling, 'k', bump, { retries: 2 })).rejects.toBeInstanceOf(ConflictError);
      expect(calls).toBe(3);
    });
  });
}
