// What hostile input costs the bot as `npm start` runs it (node dist/index.js, its own process): one
// message of 1,000, 5,000 and 28,000 letters without spaces, random and repeated, each timed until its
// reply reaches a fake Bot Connector, with the process's RSS before and after; then the fuzz inputs of
// tests/bot/fuzz.test.ts, counted by answer. Prints figures; asserts nothing.
//   npm run build && npm run bench:fuzz [-- --inputs 2000 --seed 7]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../src/paths.js';
import { teamsMessage } from '../src/testkit/activities.js';
import { startFakeConnector } from '../src/testkit/fake-connector.js';
import { fuzzInputs, seeded } from '../src/testkit/fuzz-inputs.js';

const { values } = parseArgs({ options: { inputs: { type: 'string', default: '2000' }, seed: { type: 'string', default: '7' } } });

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const connector = await startFakeConnector();
const dataDir = mkdtempSync(join(tmpdir(), 'zt-bench-fuzz-'));
const child = spawn(process.execPath, [resolve(ROOT, 'dist/index.js')], {
  cwd: ROOT,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MicrosoftAppId: '', DATA_DIR: dataDir },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout!.on('data', (d) => (out += d));
let exitedWith: number | null | undefined;
child.on('exit', (code) => (exitedWith = code));
let port = 0;
for (let i = 0; i < 600 && !port; i++) {
  port = Number(/"event":"server.listening","port":(\d+)/.exec(out)?.[1] ?? 0);
  if (!port) await new Promise((r) => setTimeout(r, 20));
}
for (;;) {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
  if (res?.status === 200) break;
  await new Promise((r) => setTimeout(r, 20));
}
const post = (body: string) => fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

// Warm up, so the first measured message does not pay for code that loads on first use.
await post(JSON.stringify(teamsMessage({ serviceUrl: connector.url, scope: 'groupChat', text: 'what is zero trust' })));
await connector.waitFor(1);

console.log(`one long word in a message, timed until the reply reaches Teams; bot process RSS before and after (node ${process.version})`);
const rand = seeded(Number(values.seed));
const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join('');
for (const n of [1000, 5000, 28_000]) {
  for (const [kind, word] of [
    ['random', letters(n)],
    ['repeated', 'a'.repeat(n)],
  ] as const) {
    connector.reset();
    const before = rssMb(child.pid!);
    const started = performance.now();
    const res = await post(JSON.stringify(teamsMessage({ serviceUrl: connector.url, scope: 'groupChat', text: word })));
    await connector.waitFor(1, 30_000);
    const ms = performance.now() - started;
    console.log(
      `  ${String(n).padStart(6)} letters, ${kind.padEnd(8)}  HTTP ${res.status}  reply after ${ms.toFixed(0).padStart(4)} ms  RSS ${before.toFixed(0)} -> ${rssMb(child.pid!).toFixed(0)} MB (${(rssMb(child.pid!) - before).toFixed(1)} MB)`,
    );
  }
}

const inputs = fuzzInputs(connector.url, Number(values.inputs), Number(values.seed));
const counts = new Map<string, number>();
let slowest = { ms: 0, name: '' };
const rssBefore = rssMb(child.pid!);
for (const input of inputs) {
  const started = performance.now();
  const res = await post(input.body).catch(() => undefined);
  const ms = performance.now() - started;
  const key = res ? `${Math.floor(res.status / 100)}xx` : 'no answer';
  counts.set(key, (counts.get(key) ?? 0) + 1);
  if (ms > slowest.ms) slowest = { ms, name: input.name };
  await res?.arrayBuffer();
}
const healthy = (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200;
console.log(
  `fuzz: ${inputs.length} inputs (seed ${values.seed}): ${[...counts]
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}; ` +
    `5xx ${counts.get('5xx') ?? 0}, crashes ${exitedWith === undefined ? 0 : 1}, healthy after: ${healthy}; ` +
    `slowest ${slowest.ms.toFixed(0)} ms (${slowest.name}); RSS ${rssBefore.toFixed(0)} -> ${rssMb(child.pid!).toFixed(0)} MB`,
);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await connector.close();
rmSync(dataDir, { recursive: true, force: true });
