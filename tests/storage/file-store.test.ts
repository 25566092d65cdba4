import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore, lockOwnerName } from '../../src/storage/file-store.js';
import { createStore } from '../../src/storage/index.js';
import { encodeKey, update } from '../../src/storage/kv.js';
import { TEAMS_KEYS, storeContract } from './contract.js';
import { type CrashValue, isConsistent, raceTwoProcesses, startWorker } from './processes.js';

const root = mkdtempSync(join(tmpdir(), 'zt-filestore-'));
let n = 0;
const freshDir = () => join(root, `s${++n}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A pid that belonged to a process which has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
/** A lock as another process holds it: a directory naming its owner, last refreshed `ageS` seconds ago. */
function takeLock(lock: string, owner?: string, ageS = 0): void {
  mkdirSync(lock);
  if (owner) writeFileSync(join(lock, owner), '');
  const t = (Date.now() - ageS * 1000) / 1000;
  utimesSync(lock, t, t);
}
/** Anything in the folder but the records: locks, temp files. */
const leftovers = (dir: string) => readdirSync(dir).filter((f) => !/^[^.]+\.json$/.test(f));

storeContract('FileStore', () => new FileStore(freshDir()));

describe('FileStore on disk', () => {
  it('names files safely: one JSON file per key, nothing else left behind', async () => {
    const dir = freshDir();
    const store = new FileStore(dir);
    for (const key of TEAMS_KEYS) await store.put(key, key);
    const files = readdirSync(dir);
    expect(files).toHaveLength(TEAMS_KEYS.length);
    for (const f of files) expect(f).toMatch(/^(?:[a-z0-9_-]|~[0-9A-F]{2})+\.json$/);
    // A case-insensitive file system would see the same set of names.
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(files.length);
    expect(files).toContain(`${encodeKey('19:abc@thread.tacv2;messageid=123')}.json`);
    const record = JSON.parse(readFileSync(join(dir, `${encodeKey('a:1Xy_-=')}.json`), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ key: 'a:1Xy_-=', value: 'a:1Xy_-=' });
  });

  it('two stores on one folder in one process queue on the same key', async () => {
    const dir = freshDir();
    const [a, b] = [new FileStore(dir), new FileStore(dir)];
    await Promise.all(Array.from({ length: 40 }, (_, i) => update<number[]>(i % 2 ? a : b, 'k', (cur) => [...(cur ?? []), i])));
    expect((await a.get<number[]>('k'))?.value).toHaveLength(40);
  });

  it('breaks a lock left by a process killed on this machine at once, and cleans leftovers when it opens', async () => {
    const dir = freshDir();
    await new FileStore(dir).put('k', 1);
    const name = encodeKey('k');
    const lock = join(dir, `${name}.lock`);
    takeLock(lock, lockOwnerName(deadPid()));
    // write-file-atomic's temp files, as a writer killed mid-write leaves them.
    writeFileSync(join(dir, `${name}.json.1234567890`), '{"torn');
    writeFileSync(join(dir, `${encodeKey('other')}.json.42`), '{"torn');
    // An unnamed lock whose maker was killed between making it and naming itself.
    takeLock(join(dir, `${encodeKey('unnamed')}.lock`), undefined, 2);
    // What the engine before this one left: a lock file, a break marker and a temp file.
    writeFileSync(join(dir, `${encodeKey('old')}.lock`), '{}');
    for (const f of ['.tmp-0123456789ab-1-0b6a3f0e', `${encodeKey('old')}.lock.break-0b6a3f0e`]) {
      writeFileSync(join(dir, f), '{"torn');
      const old = (Date.now() - 3_600_000) / 1000;
      utimesSync(join(dir, f), old, old);
    }
    const store = new FileStore(dir);
    await store.init();
    expect(leftovers(dir)).toEqual([]);
    expect((await store.get('k'))?.value).toBe(1);
    takeLock(lock, lockOwnerName(deadPid()));
    const started = Date.now();
    await store.put('k', 2);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await store.get('k'))?.value).toBe(2);
    expect(leftovers(dir)).toEqual([]);
  });

  it('breaks a lock not kept fresh for staleLockMs, whoever owns it', async () => {
    const dir = freshDir();
    const store = new FileStore(dir, { staleLockMs: 2_000 });
    await store.put('k', 1);
    // A lock of another machine (its pid means nothing here), last refreshed 3 s ago.
    takeLock(join(dir, `${encodeKey('k')}.lock`), '0123456789ab-1-0', 3);
    const started = Date.now();
    await store.put('k', 2);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await store.get('k'))?.value).toBe(2);
    expect(leftovers(dir)).toEqual([]);
  });

  it('waits for a lock whose owner is alive, gives up after lockTimeoutMs, and takes it once released', async () => {
    const dir = freshDir();
    const store = new FileStore(dir, { lockTimeoutMs: 400 });
    await store.put('k', 1);
    const lock = join(dir, `${encodeKey('k')}.lock`);
    // A live process of this machine holds the key's lock.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      takeLock(lock, lockOwnerName(holder.pid!));
      const started = Date.now();
      await expect(store.put('k', 2)).rejects.toThrow(/^storage: gave up waiting 400 ms for the lock on "k" \(.*k\.lock\)$/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      const pending = store.put('k', 3);
      await sleep(300);
      expect((await store.get('k'))?.value).toBe(1);
      rmSync(lock, { recursive: true });
      await pending;
      expect((await store.get('k'))?.value).toBe(3);
      expect(leftovers(dir)).toEqual([]);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('createStore uses <dataDir>/kv without a connection string', async () => {
    const dataDir = freshDir();
    const store = await createStore({ dataDir, azureContainer: 'unused' });
    expect(store.inner).toBeInstanceOf(FileStore);
    await store.put('k', 1);
    expect(readdirSync(join(dataDir, 'kv'))).toContain('k.json');
  });
});

describe('FileStore across processes', () => {
  it('two processes doing 25 concurrent updates each on one key keep all 50', async () => {
    const dir = freshDir();
    const key = 'progress/19:abc@thread.tacv2';
    // Unqueued: all 50 race for the key's lock file at once, across the two processes.
    const job = (tag: string) => ({ mode: 'updates', store: { kind: 'file', dir }, key, count: 25, tag, queue: false }) as const;
    const attempts = await raceTwoProcesses(job);
    const items = (await new FileStore(dir).get<{ items: string[] }>(key))?.value.items ?? [];
    expect(items).toHaveLength(50);
    expect(new Set(items).size).toBe(50);
    expect(Math.max(...attempts)).toBeLessThanOrEqual(21);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a writer killed with SIGKILL mid-write leaves whole records, and a restart cleans up', async () => {
    const dir = freshDir();
    const keys = ['crash/a', 'crash/19:x@thread.v2;messageid=1', 'crash/a:1Xy_-='];
    for (let round = 0; round < 2; round++) {
      const worker = startWorker({ mode: 'crash-loop', store: { kind: 'file', dir }, keys, size: 100_000 });
      await worker.line('wrote');
      await sleep(20 + Math.random() * 100);
      worker.child.kill('SIGKILL');
      await worker.exited;
      // Before any restart: whatever is there under a record's name is whole JSON.
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        expect(() => JSON.parse(readFileSync(join(dir, f), 'utf8')), f).not.toThrow();
      }
      const store = new FileStore(dir);
      await store.init();
      expect(leftovers(dir)).toEqual([]);
      for (const key of keys) {
        const v = (await store.get<CrashValue>(key))?.value;
        expect(v, key).toBeDefined();
        expect(isConsistent(v!), key).toBe(true);
      }
      // The store still works at once: no lock was left in the way.
      const started = Date.now();
      await update<CrashValue>(store, keys[0]!, (cur) => ({ ...cur!, n: cur!.n + 10, check: cur!.check + 70 }));
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });
});
