import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore, LOCK_HOST } from '../../src/storage/file-store.js';
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
const lockOwner = (pid: number, host = LOCK_HOST) => JSON.stringify({ token: '0b6a3f0e-1f5e-4b7e-9a51-2f4b8f5b1c11', host, pid, time: Date.now() });
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.tmp-') || f.includes('.lock'));

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

  it('breaks a lock left by a dead process, and cleans leftovers when it opens', async () => {
    const dir = freshDir();
    await new FileStore(dir).put('k', 1);
    const lock = join(dir, `${encodeKey('k')}.lock`);
    writeFileSync(lock, lockOwner(deadPid()));
    writeFileSync(join(dir, `.tmp-${LOCK_HOST}-${deadPid()}-0b6a3f0e-1f5e-4b7e-9a51-2f4b8f5b1c11`), '{"torn');
    const otherHost = join(dir, '.tmp-0123456789ab-1-0b6a3f0e-1f5e-4b7e-9a51-2f4b8f5b1c11');
    writeFileSync(otherHost, '{"torn');
    const old = (Date.now() - 3_600_000) / 1000;
    utimesSync(otherHost, old, old);
    const store = new FileStore(dir);
    await store.init();
    expect(leftovers(dir)).toEqual([]);
    writeFileSync(lock, lockOwner(deadPid()));
    const started = Date.now();
    await store.put('k', 2);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await store.get('k'))?.value).toBe(2);
    expect(leftovers(dir)).toEqual([]);
  });

  it('waits for a lock whose owner is alive, and takes it once released', async () => {
    const dir = freshDir();
    const store = new FileStore(dir, { lockTimeoutMs: 400 });
    await store.put('k', 1);
    const lock = join(dir, `${encodeKey('k')}.lock`);
    writeFileSync(lock, lockOwner(process.ppid));
    await expect(store.put('k', 2)).rejects.toThrow(/gave up waiting/);
    const pending = store.put('k', 3);
    await sleep(100);
    rmSync(lock);
    await pending;
    expect((await store.get('k'))?.value).toBe(3);
  });

  it('takes a lock from another host once it is older than staleLockMs', async () => {
    const dir = freshDir();
    const store = new FileStore(dir, { staleLockMs: 200 });
    const lock = join(dir, `${encodeKey('k')}.lock`);
    await store.init();
    writeFileSync(lock, lockOwner(1, 'otherhost000'));
    const started = Date.now();
    await store.put('k', 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(leftovers(dir)).toEqual([]);
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
