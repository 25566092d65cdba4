// Compose-box search over HTTP: 1,000 composeExtension/query invokes against the real server, one after
// another, as a person typing would send them. Teams gives a message extension 5 s; prints p50/p99.
//   npm run bench:compose [-- --count 1000]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { silentLog } from '../src/log.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' } } });
const count = Number(values.count);
// SEARCH_CACHE_SIZE=0 npm run bench:compose measures every query searched anew (the names below repeat).
const config = readConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'zt-bench-')),
  SEARCH_CACHE_SIZE: process.env.SEARCH_CACHE_SIZE,
});
const app = await startApp(config, silentLog);
const knowledge = await app.ready;

// What people type into the box: catalog names, prefixes of them as they type, and a few typos.
const names = knowledge.entries.filter((e) => e.kind !== 'section' && e.kind !== 'checklist-item').map((e) => e.title);
const queries = Array.from({ length: count }, (_, i) => {
  const name = names[(i * 7) % names.length]!;
  if (i % 3 === 1) return name.slice(0, Math.max(3, Math.floor(name.length / 2)));
  if (i % 5 === 2) return name.replace(/([a-z])([a-z])/, '$2$1');
  return name;
});

const send = (q: string, i: number) =>
  fetch(`http://127.0.0.1:${app.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'invoke',
      name: 'composeExtension/query',
      id: `bench-${i}`,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: '29:bench', name: 'Bench' },
      recipient: { id: '28:bot', name: 'Zero Trust Guide' },
      conversation: { id: '19:bench@thread.v2', conversationType: 'groupChat' },
      value: { commandId: 'searchGuidance', parameters: [{ name: 'query', value: q }], queryOptions: { skip: 0, count: 10 } },
    }),
  });

for (let i = 0; i < 50; i++) await (await send(queries[i]!, i)).arrayBuffer();
const times: number[] = [];
let results = 0;
let failures = 0;
for (let i = 0; i < queries.length; i++) {
  const t = performance.now();
  const res = await send(queries[i]!, i);
  const body = (await res.json()) as { composeExtension?: { attachments?: unknown[] } };
  times.push(performance.now() - t);
  if (res.status !== 200) failures++;
  results += body.composeExtension?.attachments?.length ?? 0;
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
console.log(
  `compose-box search over HTTP: ${count} queries (${new Set(queries).size} distinct; answer cache of ${config.searchCacheSize}), ` +
    `${failures} failures, ${(results / count).toFixed(1)} results a query`,
);
console.log(`p50 ${pct(50).toFixed(2)} ms  p99 ${pct(99).toFixed(2)} ms  max ${times.at(-1)!.toFixed(2)} ms  (Teams allows 5000 ms)`);
await app.stop();
process.exit(0);
