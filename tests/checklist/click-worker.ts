// A bot instance in a process of its own for the history tests: `node --import tsx tests/checklist/click-worker.ts JSON`
//   {dir, scope, tag, count, parity, historyLimit, archiveChunk}: opens the file store in `dir`, prints
//   "ready", waits for "go" on stdin, makes `count` clicks at once on the items whose index has this parity
//   (so two workers never click the same item), prints "done <compaction warnings>" and exits.
import { createInterface } from 'node:readline';
import { checklistService } from '../../src/checklist/service.js';
import { FileStore } from '../../src/storage/file-store.js';
import { silentLog } from '../../src/log.js';
import { allItems, catalog, clickMany } from './history-helpers.js';

type Job = { dir: string; scope: string; tag: string; count: number; parity: 0 | 1; historyLimit: number; archiveChunk: number };

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as Job;
  // The test holds our stdin: when it ends (the test finished or died), so do we.
  process.stdin.once('end', () => process.exit(3));
  process.stdin.resume();
  const store = new FileStore(job.dir);
  await store.list(''); // folder cleanup happens before the race
  let warnings = 0;
  const service = checklistService(store, catalog, {
    historyLimit: job.historyLimit,
    archiveChunk: job.archiveChunk,
    log: { ...silentLog, warn: () => void warnings++ },
  });
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'go') break;
  await clickMany(
    service,
    job.scope,
    job.tag,
    job.count,
    allItems.filter((_, i) => i % 2 === job.parity),
  );
  process.stdout.write(`done ${warnings}\n`);
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
