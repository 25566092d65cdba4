// What one checklist click costs as a team's history grows: the real checklist service over the file
// store (durable writes, in a temp folder), N clicks one after another on a record that has seen 10
// changes, and on one that has seen 50,000, side by side; and, for comparison, the same 50,000 clicked
// the way the bot did before the archive (the whole history in the record). Prints figures; asserts nothing.
//   npm run bench:click [-- --clicks 500 --old-clicks 30 --changes 50000]
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Change, type ItemState, type Progress, type Status, itemKey, parseProgress, setStatus } from '../src/checklist/progress.js';
import { type ChecklistService, checklistService } from '../src/checklist/service.js';
import { loadCatalog } from '../src/knowledge/content-loader.js';
import { silentLog } from '../src/log.js';
import { FileStore } from '../src/storage/file-store.js';
import { encodeKey, update } from '../src/storage/kv.js';

const { values } = parseArgs({
  options: { clicks: { type: 'string', default: '500' }, 'old-clicks': { type: 'string', default: '30' }, changes: { type: 'string', default: '50000' } },
});
const CLICKS = Number(values.clicks);
const OLD_CLICKS = Number(values['old-clicks']);
const LONG = Number(values.changes);

const catalog = loadCatalog(fileURLToPath(new URL('../content', import.meta.url)));
const items = catalog.checklists.flatMap((l) => l.areas.flatMap((a) => a.items.map((i) => ({ checklist: l.id, item: i.id }))));
// Each click moves an item to the next status of this cycle, so every click is a real change.
const CYCLE: Status[] = ['in-progress', 'done', 'not-applicable', 'not-started'];
const SCOPE = 'team:19:bench@thread.tacv2';
const KEY = `progress/${SCOPE}`;

/** Change number k of a run over every item in turn: what `count` clicks leave behind. */
function changeNo(k: number): Change {
  const { checklist, item } = items[k % items.length]!;
  const visit = Math.floor(k / items.length);
  const from = visit === 0 ? 'not-started' : CYCLE[(visit - 1) % CYCLE.length]!;
  // 37 people, with Entra object ids as Teams sends them (aadObjectId) and everyday display names.
  const person = k % 37;
  const by = `6f1c2b7e-0a4d-4c1e-9b3a-${String(person).padStart(12, '0')}`;
  return {
    checklist,
    item,
    from,
    to: CYCLE[visit % CYCLE.length]!,
    by,
    byName: `Person Number ${person}`,
    at: new Date(Date.UTC(2025, 0, 1) + k * 60_000).toISOString(),
  };
}

/** A record after `count` changes, every one of them in its history (as the bot wrote it before the archive). */
function recordAfter(count: number): { items: Record<string, ItemState>; history: Change[] } {
  const state: Record<string, ItemState> = {};
  const history: Change[] = [];
  for (let k = 0; k < count; k++) {
    const c = changeNo(k);
    history.push(c);
    state[itemKey(c.checklist, c.item)] = { status: c.to, by: c.byName, at: c.at };
  }
  return { items: state, history };
}

type Click = (k: number) => Promise<unknown>;
type Row = { label: string; before: number; first?: number; times: number[]; loopMaxMs: number; after: number; archive: { records: number; bytes: number } };

const recordBytes = (dir: string) => statSync(join(dir, `${encodeKey(KEY)}.json`)).size;
function archiveFiles(dir: string) {
  const files = readdirSync(dir).filter((f) => f.startsWith(encodeKey('progress-archive/')));
  return { records: files.length, bytes: files.reduce((n, f) => n + statSync(join(dir, f)).size, 0) };
}

/** The clicks a service makes, numbered on from where the record's changes end. */
const serviceClick =
  (service: ChecklistService): Click =>
  (k) => {
    const c = changeNo(k);
    return service.set(SCOPE, { checklist: c.checklist, item: c.item, to: c.to, by: c.by, byName: c.byName });
  };

/** The click as the bot made it before the archive: read the whole record, append, write it all back. */
const oldClick =
  (store: FileStore): Click =>
  (k) => {
    const c = changeNo(k);
    return update<Progress>(store, KEY, (cur) =>
      setStatus(parseProgress(cur), catalog, { checklist: c.checklist, item: c.item, to: c.to, by: c.by, byName: c.byName }),
    );
  };

async function measure(label: string, prior: number, clicks: number, make: (store: FileStore) => Click, { firstApart = false } = {}): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'zt-bench-click-'));
  try {
    const store = new FileStore(dir);
    await store.put(KEY, recordAfter(prior)); // written directly, with no totalChanges: as an old record
    const before = recordBytes(dir);
    const click = make(store);
    let k = prior;
    let first: number | undefined;
    if (firstApart) {
      // The first write to an old record compacts it: a one-time cost, reported apart.
      const t = performance.now();
      await click(k++);
      first = performance.now() - t;
    }
    for (let i = 0; i < 5; i++) await click(k++); // warm up
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const times: number[] = [];
    for (let i = 0; i < clicks; i++) {
      const t = performance.now();
      await click(k++);
      times.push(performance.now() - t);
    }
    loop.disable();
    return {
      label,
      before,
      ...(first === undefined ? {} : { first }),
      times: times.sort((a, b) => a - b),
      loopMaxMs: loop.max / 1e6,
      after: recordBytes(dir),
      archive: archiveFiles(dir),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const withService = (store: FileStore) => serviceClick(checklistService(store, catalog, { log: silentLog }));
await measure('warm-up (not shown)', 10, 200, withService); // JIT and file system warm, so the first column is not the cold one
const rows = [
  await measure('after 10 changes', 10, CLICKS, withService),
  await measure(`after ${LONG.toLocaleString('en-US')} changes`, LONG, CLICKS, withService, { firstApart: true }),
  await measure(`${LONG.toLocaleString('en-US')}, as before the archive`, LONG, OLD_CLICKS, oldClick),
];

const pct = (times: number[], p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const ms = (n: number) => `${n.toFixed(2)} ms`;
const size = (b: number) => (b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);
const table: [string, (r: Row) => string][] = [
  ['clicks measured', (r) => String(r.times.length)],
  ['click median', (r) => ms(pct(r.times, 50))],
  ['click p99', (r) => ms(pct(r.times, 99))],
  ['click max', (r) => ms(r.times.at(-1)!)],
  ['longest event-loop stall', (r) => ms(r.loopMaxMs)],
  ['record size, as written', (r) => size(r.before)],
  ['first click (compacts an old record)', (r) => (r.first === undefined ? '-' : ms(r.first))],
  ['record size after the clicks', (r) => size(r.after)],
  ['archive records (their size)', (r) => (r.archive.records ? `${r.archive.records} (${size(r.archive.bytes)})` : '-')],
];
const widths = [Math.max(...table.map(([name]) => name.length)), ...rows.map((r) => Math.max(r.label.length, ...table.map(([, f]) => f(r).length)))];
const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[0]!))).join('   ');
console.log(`one checklist click (checklist service, durable file store in ${tmpdir()}), clicks one after another`);
console.log(line(['', ...rows.map((r) => r.label)]));
for (const [name, f] of table) console.log(line([name, ...rows.map(f)]));
