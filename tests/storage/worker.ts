// A separate OS process for the multi-process storage tests: `node --import tsx tests/storage/worker.ts JSON`.
//   {"mode":"updates", store, key, count, tag, queue}: prints "ready", waits for "go" on stdin, runs `count`
//     concurrent updates each adding "<tag>-<i>" to the record's items, prints "done <max attempts>".
//   {"mode":"crash-loop", store, keys, size}: rewrites the keys in a tight loop (three writers at once)
//     with self-checking values, printing "wrote" after the first few writes, until it is killed.
import { createInterface } from 'node:readline';
import { BlobStore } from '../../src/storage/blob-store.js';
import { FileStore } from '../../src/storage/file-store.js';
import { type KeyValueStore, update } from '../../src/storage/kv.js';
import { type CrashValue, type WorkerJob, type WorkerStore, crashValue } from './processes.js';

const open = (s: WorkerStore): KeyValueStore => (s.kind === 'file' ? new FileStore(s.dir) : new BlobStore(s.connectionString, s.container));

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as WorkerJob;
  // The test holds our stdin: when it ends (the test finished or died), so do we.
  process.stdin.once('end', () => process.exit(3));
  process.stdin.resume();
  const store = open(job.store);
  if (job.mode === 'updates') {
    await store.list(''); // warm up: folder cleanup or container creation happen before the race
    process.stdout.write('ready\n');
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) if (line.trim() === 'go') break;
    let maxAttempts = 0;
    await Promise.all(
      Array.from({ length: job.count }, (_, i) => {
        let attempts = 0;
        // queue: false lets all 50 updates (25 here, 25 in the other process) race at once; queue: true is
        // how a bot instance runs them (one at a time per key here, racing the other process).
        return update<{ items: string[] }>(
          store,
          job.key,
          (cur) => {
            maxAttempts = Math.max(maxAttempts, ++attempts);
            return { items: [...(cur?.items ?? []), `${job.tag}-${i}`] };
          },
          { queue: job.queue },
        );
      }),
    );
    process.stdout.write(`done ${maxAttempts}\n`);
    process.exit(0);
  }
  let writes = 0;
  const writer = async (w: number) => {
    for (let i = w; ; i += 3) {
      const key = job.keys[i % job.keys.length]!;
      // Updates (locks held, conditional writes) and plain puts, both interrupted by the kill.
      if (i % 2) await update<CrashValue>(store, key, (cur) => crashValue((cur?.n ?? 0) + 1, job.size));
      else await store.put(key, crashValue(i, job.size));
      if (++writes === 20) process.stdout.write('wrote\n');
    }
  };
  await Promise.all([0, 1, 2].map(writer));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
