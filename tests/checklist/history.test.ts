// Progress history kept in bounds: the record keeps the latest changes, older ones move to archive
// records, and whatever fails or runs at once, the archive and the record together hold every change.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Change,
  type ItemState,
  type Progress,
  type Status,
  archivePlan,
  dropArchived,
  exportMarkdown,
  itemKey,
  parseProgress,
} from '../../src/checklist/progress.js';
import { ARCHIVE_CHUNK, HISTORY_LIMIT, archiveKey, checklistService } from '../../src/checklist/service.js';
import { type Log, silentLog } from '../../src/log.js';
import { FileStore } from '../../src/storage/file-store.js';
import type { PutOptions } from '../../src/storage/kv.js';
import { allItems, catalog, clickMany, legacyRecord, nthClick } from './history-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'zt-history-'));
let n = 0;
const freshDir = () => join(root, `s${++n}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SCOPE = 'team:19:team@thread.tacv2';
const RECORD = `progress/${SCOPE}`;
/** Small limits, so a few dozen clicks cross many chunk boundaries. */
const SMALL = { historyLimit: 10, archiveChunk: 4 };

/** A log that keeps what compaction reported. */
function recordingLog(): Log & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLog, warn: (_event, fields) => void warnings.push(String(fields?.error)), warnings };
}

/**
 * The real file store with a hook around each write, to fail one or to let someone else act between two
 * writes of a compaction.
 */
class HookedStore extends FileStore {
  before?: (key: string) => void | Promise<void>;
  after?: (key: string) => void | Promise<void>;
  override async put<T>(key: string, value: T, opts?: PutOptions): Promise<string> {
    await this.before?.(key);
    const etag = await super.put(key, value, opts);
    await this.after?.(key);
    return etag;
  }
}

const archiveKeys = (store: FileStore) => store.list(`progress-archive/${SCOPE}/`);
const stored = async (store: FileStore) => parseProgress((await store.get(RECORD))?.value);

/**
 * A history tells one story: every change of an item starts where the one before it ended (so none is
 * missing, doubled or out of order), and the items stand where their last change left them.
 */
function expectOneStory(history: Change[], items: Record<string, ItemState>): void {
  const where = new Map<string, Status>();
  for (const [i, c] of history.entries()) {
    const k = itemKey(c.checklist, c.item);
    expect(c.from, `change ${i} (${c.by}) of ${k}`).toBe(where.get(k) ?? 'not-started');
    where.set(k, c.to);
  }
  expect(new Set(history.map((c) => c.by)).size).toBe(history.length);
  expect(Object.fromEntries(Object.entries(items).map(([k, v]) => [k, v.status]))).toEqual(Object.fromEntries(where));
}

const byOf = (tag: string, count: number) => Array.from({ length: count }, (_, i) => `29:${tag}-${i}`);

describe('progress history kept in bounds', () => {
  it('a click that overflows the history moves its oldest changes to an archive record', async () => {
    const store = new FileStore(freshDir());
    const service = checklistService(store, catalog, SMALL);
    await clickMany(service, SCOPE, 'ada', 10, allItems, false);
    expect((await stored(store)).history).toHaveLength(10);
    expect(await archiveKeys(store)).toEqual([]);

    const [eleventh] = await clickMany(service, SCOPE, 'bo', 1, allItems.slice(20), false);
    expect(eleventh!.history.at(-1)?.by).toBe('29:bo-0');
    const record = await stored(store);
    expect(record.history.map((c) => c.by)).toEqual([...byOf('ada', 10).slice(4), '29:bo-0']);
    expect(record.totalChanges).toBe(11);
    expect(await archiveKeys(store)).toEqual([archiveKey(SCOPE, 0)]);
    const chunk = (await store.get<{ from: number; changes: Change[] }>(archiveKey(SCOPE, 0)))?.value;
    expect(chunk?.from).toBe(0);
    expect(chunk?.changes.map((c) => c.by)).toEqual(byOf('ada', 4));
  });

  it('the archive and the record hold every change, in order, across many boundaries', async () => {
    const store = new FileStore(freshDir());
    const service = checklistService(store, catalog, SMALL);
    for (let i = 0; i < 57; i++) {
      await service.set(SCOPE, { ...nthClick(i), by: `29:c${i}-0`, byName: `C ${i}` });
      expect((await stored(store)).history.length).toBeLessThanOrEqual(SMALL.historyLimit);
    }
    const record = await stored(store);
    expect(record.totalChanges).toBe(57);
    const history = await service.history(SCOPE);
    expect(history.map((c) => c.by)).toEqual(Array.from({ length: 57 }, (_, i) => `29:c${i}-0`));
    expectOneStory(history, record.items);
    // Whole chunks, one after another, ending where the record's history starts.
    const chunks = await archiveKeys(store);
    expect(chunks).toEqual(Array.from({ length: chunks.length }, (_, i) => archiveKey(SCOPE, i * SMALL.archiveChunk)));
    expect(chunks.length * SMALL.archiveChunk).toBe(57 - record.history.length);
  });

  it(`keeps at most ${HISTORY_LIMIT} changes in the record with the default limits, and at least ${HISTORY_LIMIT - ARCHIVE_CHUNK + 1}`, async () => {
    const store = new FileStore(freshDir(), { durable: false });
    const service = checklistService(store, catalog);
    await clickMany(service, SCOPE, 'ada', 450, allItems, false);
    const record = await stored(store);
    expect(record.history.length).toBeLessThanOrEqual(HISTORY_LIMIT);
    expect(record.history.length).toBeGreaterThan(HISTORY_LIMIT - ARCHIVE_CHUNK);
    expect(record.totalChanges).toBe(450);
    expect((await service.history(SCOPE)).map((c) => c.by)).toEqual(byOf('ada', 450));
    // What the cards and the export read is all there: the latest changes, and how many there were.
    expect(service.recentUsers(record, 5)).toEqual(['29:ada-449', '29:ada-448', '29:ada-447', '29:ada-446', '29:ada-445']);
    expect(exportMarkdown(record, catalog)).toMatch(/450 changes in all/);
  });

  it('an old record with a long history loads whole, and its next write compacts it', async () => {
    const store = new FileStore(freshDir(), { durable: false });
    const old = legacyRecord(5_000);
    await store.put(RECORD, old); // as the version before the archive wrote it: no totalChanges
    const service = checklistService(store, catalog);

    const loaded = await service.progress(SCOPE);
    expect(loaded.history).toHaveLength(5_000);
    expect(loaded.totalChanges).toBe(5_000);
    expect(service.recentUsers(loaded, 2)).toEqual(['29:legacy-4999', '29:legacy-4998']);
    expect(exportMarkdown(loaded, catalog)).toMatch(/5,000 changes in all/);

    const next = nthClick(5_000);
    await service.set(SCOPE, { ...next, by: '29:new', byName: 'New' });
    const record = await stored(store);
    expect(record.history.length).toBeLessThanOrEqual(HISTORY_LIMIT);
    expect(record.totalChanges).toBe(5_001);
    expect(await archiveKeys(store)).toHaveLength(49); // 4,900 changes in chunks of 100, 101 kept
    const history = await service.history(SCOPE);
    expect(history.slice(0, 5_000)).toEqual(old.history);
    expect(history[5_000]).toMatchObject({ ...next, by: '29:new' });
    expectOneStory(history, record.items);
  });
});

describe('compaction that fails or meets another loses nothing', () => {
  it('an archive write that fails: the click still counts, and the next overflow compacts', async () => {
    const store = new HookedStore(freshDir());
    const log = recordingLog();
    const service = checklistService(store, catalog, { ...SMALL, log });
    await clickMany(service, SCOPE, 'a', 10, allItems, false);
    let failed = false;
    store.before = (key) => {
      if (key.startsWith('progress-archive/') && !failed) {
        failed = true;
        throw new Error('disk full');
      }
    };
    const [eleventh] = await clickMany(service, SCOPE, 'b', 1, allItems.slice(10), false);
    expect(eleventh!.history.at(-1)?.by).toBe('29:b-0');
    expect(log.warnings).toEqual(['disk full']);
    expect((await stored(store)).history).toHaveLength(11);
    expect(await archiveKeys(store)).toEqual([]);

    await clickMany(service, SCOPE, 'c', 1, allItems.slice(11), false);
    const record = await stored(store);
    expect(record.history).toHaveLength(8);
    expect((await service.history(SCOPE)).map((c) => c.by)).toEqual([...byOf('a', 10), '29:b-0', '29:c-0']);
    expectOneStory(await service.history(SCOPE), record.items);
  });

  it('stopped between the archive write and the trim: the archive record is checked and used next time', async () => {
    const store = new HookedStore(freshDir());
    const log = recordingLog();
    const service = checklistService(store, catalog, { ...SMALL, log });
    await clickMany(service, SCOPE, 'a', 10, allItems, false);
    let archived = false;
    let failed = false;
    store.after = (key) => void (archived ||= key.startsWith('progress-archive/'));
    store.before = (key) => {
      if (archived && key === RECORD && !failed) {
        failed = true;
        throw new Error('connection reset');
      }
    };
    await clickMany(service, SCOPE, 'b', 1, allItems.slice(10), false);
    expect(log.warnings).toEqual(['connection reset']);
    // The archive record was written, the record still holds all: the overlap is read once.
    expect(await archiveKeys(store)).toEqual([archiveKey(SCOPE, 0)]);
    expect((await stored(store)).history).toHaveLength(11);
    expect((await service.history(SCOPE)).map((c) => c.by)).toEqual([...byOf('a', 10), '29:b-0']);

    await clickMany(service, SCOPE, 'c', 1, allItems.slice(11), false);
    expect(log.warnings).toHaveLength(1);
    expect((await stored(store)).history).toHaveLength(8);
    expect(await archiveKeys(store)).toEqual([archiveKey(SCOPE, 0)]);
    expect((await service.history(SCOPE)).map((c) => c.by)).toEqual([...byOf('a', 10), '29:b-0', '29:c-0']);
  });

  it('a click from another instance between the archive write and the trim is kept', async () => {
    const dir = freshDir();
    const store = new HookedStore(dir);
    const log = recordingLog();
    const service = checklistService(store, catalog, { ...SMALL, log });
    const other = checklistService(new FileStore(dir), catalog, { ...SMALL, log });
    await clickMany(service, SCOPE, 'a', 10, allItems, false);
    let interleaved = false;
    store.after = async (key) => {
      if (key.startsWith('progress-archive/') && !interleaved) {
        interleaved = true;
        // The other instance's click overflows too, finds the archive record written, and compacts first.
        await clickMany(other, SCOPE, 'other', 1, allItems.slice(20), false);
      }
    };
    await clickMany(service, SCOPE, 'b', 1, allItems.slice(10), false);
    expect(interleaved).toBe(true);
    expect(log.warnings).toEqual([]);
    const record = await stored(store);
    expect(record.totalChanges).toBe(12);
    expect(record.history.length).toBeLessThanOrEqual(SMALL.historyLimit);
    const history = await service.history(SCOPE);
    expect(history.map((c) => c.by)).toEqual([...byOf('a', 10), '29:b-0', '29:other-0']);
    expectOneStory(history, record.items);
  });

  it('an archive record that holds other changes stops compaction, and the record keeps everything', async () => {
    const store = new FileStore(freshDir());
    const log = recordingLog();
    const service = checklistService(store, catalog, { ...SMALL, log });
    const stranger = { ...legacyRecord(1).history[0]!, by: '29:stranger' };
    await store.put(archiveKey(SCOPE, 0), { from: 0, changes: [stranger] });
    await clickMany(service, SCOPE, 'a', 12, allItems, false);
    expect(log.warnings).toHaveLength(2);
    expect(log.warnings[0]).toMatch(/holds other changes/);
    const record = await stored(store);
    expect(record.history).toHaveLength(12);
    expect((await service.history(SCOPE)).map((c) => c.by)).toEqual(byOf('a', 12));
  });

  it('never drops changes a record holds unless they are the ones archived', () => {
    const { history } = legacyRecord(12);
    const record: Progress = { items: {}, history, totalChanges: 12 };
    expect(archivePlan(record, 10, 4).map((c) => [c.from, c.changes.length])).toEqual([[0, 4]]);
    expect(archivePlan(record, 4, 4).map((c) => [c.from, c.changes.length])).toEqual([
      [0, 4],
      [4, 4],
    ]);
    expect(dropArchived(record, 4, history.slice(0, 4), 0).history).toEqual(history.slice(4));
    // Already trimmed by someone else: unchanged.
    const trimmed: Progress = { ...record, history: history.slice(4) };
    expect(dropArchived(trimmed, 4, history.slice(0, 4), 0)).toBe(trimmed);
    // A record that was reset, or holds other changes under those numbers: nothing is dropped.
    const other = legacyRecord(12).history.map((c) => ({ ...c, by: `${c.by}-x` }));
    expect(() => dropArchived({ items: {}, history: other, totalChanges: 12 }, 4, history.slice(0, 4), 0)).toThrow(/not the ones archived/);
    expect(() => dropArchived({ items: {}, history: history.slice(0, 2), totalChanges: 2 }, 4, history.slice(0, 4), 0)).toThrow(/not the ones archived/);
  });
});

describe('clicking at once', () => {
  it('four instances on one folder, 30 clicks each at once, lose nothing and end within bounds', async () => {
    const dir = freshDir();
    const log = recordingLog();
    // Each instance its own store object (conflicts between them are real) and its own items (so every
    // click changes something: clicks on one item reach the store in order within an instance).
    const instances = [0, 1, 2, 3].map((k) => ({
      service: checklistService(new FileStore(dir), catalog, { ...SMALL, log }),
      items: allItems.filter((_, i) => i % 4 === k),
    }));
    await Promise.all(instances.map(({ service, items }, k) => clickMany(service, SCOPE, `i${k}`, 30, items)));
    expect(log.warnings).toEqual([]);
    const store = new FileStore(dir);
    const record = await stored(store);
    expect(record.totalChanges).toBe(120);
    expect(record.history.length).toBeLessThanOrEqual(SMALL.historyLimit);
    const history = await instances[0]!.service.history(SCOPE);
    expect(new Set(history.map((c) => c.by))).toEqual(new Set([0, 1, 2, 3].flatMap((k) => byOf(`i${k}`, 30))));
    expectOneStory(history, record.items);
  });

  it('two processes, 40 clicks each at once, lose nothing and end within bounds', async () => {
    const dir = freshDir();
    const workers = (['p0', 'p1'] as const).map((tag, parity) => startWorker({ dir, scope: SCOPE, tag, count: 40, parity, ...SMALL }));
    try {
      await Promise.all(workers.map((w) => w.line('ready')));
      for (const w of workers) w.child.stdin!.write('go\n');
      const done = await Promise.all(workers.map((w) => w.line('done')));
      expect(done).toEqual(['done 0', 'done 0']); // no compaction failed
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
    }
    const store = new FileStore(dir);
    const record = await stored(store);
    expect(record.totalChanges).toBe(80);
    expect(record.history.length).toBeLessThanOrEqual(SMALL.historyLimit);
    const history = await checklistService(store, catalog, { ...SMALL, log: silentLog }).history(SCOPE);
    expect(new Set(history.map((c) => c.by))).toEqual(new Set([...byOf('p0', 40), ...byOf('p1', 40)]));
    expectOneStory(history, record.items);
  });
});

const WORKER = fileURLToPath(new URL('./click-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** tests/checklist/click-worker.ts in a Node process of its own, as `npm start` runs the bot (through tsx). */
function startWorker(job: Record<string, unknown>): { child: ChildProcess; line(prefix: string): Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return {
    child,
    line: (prefix) =>
      new Promise((resolve, reject) => {
        const found = () => out.split('\n').find((l) => l.startsWith(prefix));
        const check = () => {
          const line = found();
          if (line === undefined) return;
          child.stdout!.off('data', check);
          resolve(line);
        };
        child.stdout!.on('data', check);
        child.once('exit', (code) =>
          setImmediate(() => (found() === undefined ? reject(new Error(`worker exited (${code ?? child.signalCode}) before "${prefix}":\n${err}`)) : check())),
        );
        check();
      }),
  };
}
