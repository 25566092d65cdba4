// Start-up and memory of the bot as `npm start` runs it (node dist/index.js), side by side in one run with
// the echo bot on the same server and adapter (dist/cli/echo-bot.js): time from spawn to /healthz 200, the
// server's RSS when healthy, and its RSS after N question turns (the turns go to a fake Bot Connector on
// loopback). Rounds alternate the two so a busy machine hits both alike. Prints figures; asserts nothing.
//   npm run build && npm run bench:startup [-- --rounds 3 --turns 10000 --concurrency 10]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../src/paths.js';
import { teamsMessage } from '../src/testkit/activities.js';
import { startFakeConnector } from '../src/testkit/fake-connector.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, turns: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '10' } },
});
const rounds = Number(values.rounds);
const turns = Number(values.turns);
const concurrency = Number(values.concurrency);

const QUESTIONS = [
  'what is zero trust',
  'how do we protect against ransomware',
  'conditonal acess',
  'MFA for admins',
  'secure remote work',
  'azure networking',
  'pim setup',
  'data loss prevention',
];

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

type Run = { startMs: number; rssHealthy: number; rssAfter: number };

/** The bot is started exactly as `npm start` starts it: the node options of package.json's start script. */
const startScript = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
const botArgs = startScript
  .replace(/^exec\s+/, '')
  .split(/\s+/)
  .slice(1);

async function measure(entry: string, connectorUrl: string): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zt-bench-start-'));
  const started = performance.now();
  const args = entry === 'dist/index.js' ? botArgs.map((a) => (a === entry ? resolve(ROOT, a) : a)) : [resolve(ROOT, entry)];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MicrosoftAppId: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    // The port is learnt from the process's listening line, which LOG_LEVEL=warn hides: ask /proc instead.
    let port = 0;
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    for (let i = 0; i < 2000 && !port; i++) {
      port = listeningPort(child.pid!) ?? 0;
      if (!port) await new Promise((r) => setTimeout(r, 5));
    }
    if (!port) throw new Error(`${entry} never listened: ${out}`);
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const startMs = performance.now() - started;
    const rssHealthy = rssMb(child.pid!);
    let next = 0;
    const worker = async () => {
      while (next < turns) {
        const i = next++;
        const body = teamsMessage({
          serviceUrl: connectorUrl,
          scope: 'groupChat',
          conversationId: `19:bench-${i % 50}@thread.v2`,
          text: `${QUESTIONS[i % QUESTIONS.length]}${i % 5 === 0 ? ` ${i}` : ''}`,
        });
        const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await new Promise((r) => setTimeout(r, 500));
    return { startMs, rssHealthy, rssAfter: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The TCP port a process listens on, from /proc (Linux). */
function listeningPort(pid: number): number | undefined {
  try {
    const inodes = new Set<string>();
    for (const fd of readdirSafe(`/proc/${pid}/fd`)) {
      try {
        const link = readlinkSafe(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link ?? '');
        if (m) inodes.add(m[1]!);
      } catch {
        // the descriptor closed meanwhile
      }
    }
    for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9]!)) return parseInt(f[1]!.split(':')[1]!, 16);
    }
  } catch {
    // not there yet
  }
  return undefined;
}

const readdirSafe = (p: string) => {
  try {
    return readdirSync(p);
  } catch {
    return [];
  }
};
const readlinkSafe = (p: string) => {
  try {
    return readlinkSync(p);
  } catch {
    return undefined;
  }
};

const connector = await startFakeConnector();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<'bot' | 'echo', Run[]> = { bot: [], echo: [] };
console.log(`bot: node ${botArgs.join(' ')} (the start script); echo: node dist/cli/echo-bot.js`);
console.log(`start-up and memory: ${rounds} rounds, each server then gets ${turns} question turns (${concurrency} at a time); node ${process.version}`);
for (let r = 0; r < rounds; r++) {
  const order: ('bot' | 'echo')[] = r % 2 ? ['echo', 'bot'] : ['bot', 'echo'];
  for (const kind of order) {
    const run = await measure(kind === 'bot' ? 'dist/index.js' : 'dist/cli/echo-bot.js', connector.url);
    connector.reset();
    results[kind].push(run);
    console.log(
      `  round ${r + 1} ${kind.padEnd(4)}  start to healthy ${run.startMs.toFixed(0).padStart(5)} ms   RSS healthy ${run.rssHealthy.toFixed(0).padStart(4)} MB   after ${turns} turns ${run.rssAfter.toFixed(0).padStart(4)} MB`,
    );
  }
}
const m = (kind: 'bot' | 'echo', key: keyof Run) => median(results[kind].map((x) => x[key]));
console.log(
  `medians          bot: start ${m('bot', 'startMs').toFixed(0)} ms, RSS ${m('bot', 'rssHealthy').toFixed(0)} MB, after turns ${m('bot', 'rssAfter').toFixed(0)} MB`,
);
console.log(
  `                echo: start ${m('echo', 'startMs').toFixed(0)} ms, RSS ${m('echo', 'rssHealthy').toFixed(0)} MB, after turns ${m('echo', 'rssAfter').toFixed(0)} MB`,
);
console.log(
  `ratios bot / echo: start to healthy ${(m('bot', 'startMs') / m('echo', 'startMs')).toFixed(2)}x (requirement <= 2), ` +
    `RSS healthy ${(m('bot', 'rssHealthy') / m('echo', 'rssHealthy')).toFixed(2)}x, after turns ${(m('bot', 'rssAfter') / m('echo', 'rssAfter')).toFixed(2)}x (requirement <= 1.6)`,
);
await connector.close();
