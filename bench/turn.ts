// Question turns over HTTP: the real bot against a minimal echo bot on the same server and adapter
// (src/server.ts, src/bot/adapter.ts), measured in one run so the ratios compare like with like; the only
// difference between the two is the bot's logic (search, card building, state). Both run compiled, as they
// ship (see turn-target.ts). Prints figures; asserts nothing.
//   npm run build && npm run bench:turn [-- --connections 10 --duration 10 --rounds 5 --warmup 2 --new 0.2 --docs DIR --profile DIR --swap --repeat 1]
// --repeat N runs every comparison N times, each in a fresh process, and ends with the median of each ratio:
// on a shared machine one run's ratio can be off by 0.1 either way.
// --swap adds a third comparison: the bot reading its docs again and swapping in the new index every
// --swap-every seconds (default 5; what a docs refresh does once a day) against the same bot without swaps;
// it prints the swaps, the failed turns and both p99s.
// Two comparisons, each in a process of its own and against its own echo server: the bot as it ships
// (repeated questions answered from its answer cache, SEARCH_CACHE_SIZE), then the bot with that cache off,
// so every turn searches and builds its card. The questions below rotate, and a share of the turns (--new,
// default 0.2) asks one of them as nobody asked it before (in a letter case not used before: the same
// search, but no cached answer; its matches, and so its answer card but for the asker's words, are known),
// so the shipped row is a mix of repeated and new questions, and the uncached row is what questions cost
// when nothing is remembered.
// In each comparison both servers are started and warmed up first (not measured); then they are measured in
// turns, --rounds slices of duration/rounds seconds each (the order rotating each round), so a noisy machine
// (other processes taking the CPUs for a while) hits both alike. Each slice's ratio is printed as well.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { teamsMessage } from '../src/testkit/activities.js';
import { type ConnectorCounts, startLeanConnector } from './lean-connector.js';
import { respelt } from './respelt.js';
import type { TargetData, TargetKind, TargetMessage } from './turn-target.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    new: { type: 'string', default: '0.2' },
    docs: { type: 'string' },
    // Internal: run only this comparison (how the cache-off comparison runs, in a process of its own).
    comparison: { type: 'string' },
    profile: { type: 'string' },
    // Also measure the bot while it swaps in a new index every second (in a process of its own).
    swap: { type: 'boolean', default: false },
    'swap-every': { type: 'string', default: '5' },
    // Run each comparison this many times, each in a process of its own, and print the medians.
    repeat: { type: 'string', default: '1' },
  },
});
const positive = (name: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number (got "${raw}")`);
    process.exit(2);
  }
  return n;
};
const connections = Math.round(positive('connections', values.connections));
const duration = positive('duration', values.duration);
const rounds = Math.round(positive('rounds', values.rounds));
const warmup = positive('warmup', values.warmup);
const swapEvery = positive('swap-every', values['swap-every']);
const repeat = Math.round(positive('repeat', values.repeat));
const newShare = Number(values.new);
if (!(newShare >= 0 && newShare <= 1)) {
  console.error(`--new must be a share from 0 to 1 (got "${values.new}")`);
  process.exit(2);
}
const docsDir = values.docs ?? process.env.ZT_DOCS_DIR;
const env: Record<string, string> = docsDir ? { ZT_DOCS_DIR: resolve(docsDir) } : {};
const profileDir = values.profile ? resolve(values.profile) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

// Questions people @mention the bot with in a group chat (no welcome card there). They rotate, so no single
// query's caches flatter the figures; five people ask them, so state is read and written for several users.
const QUESTIONS = [
  'how do we get started with zero trust',
  'what is conditional access and do we need it',
  'how should we protect against ransomware',
  'require MFA for all users',
  'passwordless sign in for our staff',
  'manage devices with endpoint manager',
  'how do I apply sensitivity labels to documents',
  'secure remote access for hybrid work',
];
const USERS = ['29:alice', '29:bob', '29:carol', '29:dan', '29:erin'];

type Slice = {
  result: autocannon.Result;
  /** Latencies of 2xx answers, in ms, unrounded (autocannon's own histogram keeps whole milliseconds). */
  latencies: number[];
  /** Share of the slice the server thread's event loop was busy (0..1). */
  busy: number;
  /** CPU time the server thread ran during the slice, in ms (null where the OS does not tell). */
  cpuMs: number | null;
};

type Target = {
  kind: TargetKind;
  worker: Worker;
  port: number;
  slices: Slice[];
  /** What reached the fake connector while this server was under load (and just after). */
  replies: number;
  cards: number;
  other: number;
  sample?: string;
  stopped?: Extract<TargetMessage, { type: 'stopped' }>;
  profile?: string;
};

const connector = await startLeanConnector();

async function startTarget(kind: TargetKind): Promise<Target> {
  // Workers do not inherit tsx's loader: register it in the worker, then import the TypeScript entry.
  const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL('./turn-target.ts', import.meta.url).href)}); });`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { kind, env, swapMs: swapEvery * 1000, ...(profileDir ? { profileDir } : {}) } satisfies TargetData,
  });
  const port = await new Promise<number>((ok, fail) => {
    worker.once('error', fail);
    worker.once('exit', (c) => fail(new Error(`${kind} server exited with code ${c} before it was ready`)));
    worker.once('message', (m: TargetMessage) => {
      if (m.type === 'ready') ok(m.port);
      else fail(new Error(`unexpected message from the ${kind} server: ${JSON.stringify(m)}`));
    });
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  worker.on('error', (err) => {
    console.error(`${kind} server failed:`, err);
    process.exitCode = 1;
  });
  return { kind, worker, port, slices: [], replies: 0, cards: 0, other: 0 };
}

/** Posts a command to a server and waits for its answer of the given type (or fails if the server dies). */
function ask<T extends TargetMessage['type']>(worker: Worker, command: string, type: T): Promise<Extract<TargetMessage, { type: T }>> {
  return new Promise((ok, fail) => {
    const died = (code: number) => fail(new Error(`server exited with code ${code} while asked for "${command}"`));
    const on = (m: TargetMessage) => {
      if (m.type !== type) return;
      worker.off('message', on);
      worker.off('exit', died);
      ok(m as Extract<TargetMessage, { type: T }>);
    };
    worker.on('message', on);
    worker.once('exit', died);
    worker.postMessage(command);
  });
}

let seq = 0;
let fresh = 0;
/** Turn i's question: every turn one of the pool, and newShare of them in a spelling never used before. */
function question(i: number): string {
  const q = QUESTIONS[i % QUESTIONS.length]!;
  return Math.floor((i + 1) * newShare) > Math.floor(i * newShare) ? respelt(q, ++fresh) : q;
}
function load(port: number, seconds: number, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((ok, fail) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/messages',
            headers: { 'content-type': 'application/json' },
            // Called for every request: a new activity id each time, the next question, the next person.
            setupRequest: (req) => {
              const i = seq++;
              const activity = teamsMessage({
                serviceUrl: connector.url,
                scope: 'groupChat',
                mentionBot: true,
                text: question(i),
                userId: USERS[i % USERS.length]!,
              });
              return { ...req, body: JSON.stringify({ ...activity, id: `turn-${i}` }) };
            },
          },
        ],
      },
      (err, result) => (err ? fail(err) : ok(result)),
    );
    if (latencies) {
      instance.on('response', (_client, status, _bytes, ms) => {
        if (status >= 200 && status < 300) latencies.push(ms);
      });
    }
  });
}

/** Turns still in flight when autocannon stops may yet reply: let them land before the connector is read. */
const settle = () => sleep(300);

async function measureSlice(t: Target, seconds: number): Promise<void> {
  connector.reset();
  const latencies: number[] = [];
  const cpu0 = (await ask(t.worker, 'cpu', 'cpu')).ns;
  const elu = t.worker.performance.eventLoopUtilization();
  const result = await load(t.port, seconds, latencies);
  const busy = t.worker.performance.eventLoopUtilization(elu).utilization;
  const cpu1 = (await ask(t.worker, 'cpu', 'cpu')).ns;
  await settle();
  const c: ConnectorCounts = connector.counts();
  t.replies += c.replies;
  t.cards += c.cards;
  t.other += c.other;
  t.sample ??= c.sample;
  t.slices.push({ result, latencies, busy, cpuMs: cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / 1e6 : null });
}

const pct = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const median = (xs: number[]) => pct(Float64Array.from(xs).sort(), 50);

const slice = duration / rounds;
const only = values.comparison as TargetKind | undefined;
if (only !== undefined && only !== 'bot' && only !== 'bot-uncached' && only !== 'bot-swapping') {
  console.error(`--comparison must be bot, bot-uncached or bot-swapping (got "${only}")`);
  process.exit(2);
}
if (!only)
  console.log(
    `turn benchmark: POST /api/messages, ${connections} connections, ${duration} s per server in ${rounds} alternating slices of ${slice} s, ` +
      `after a ${warmup} s warm-up each; ${QUESTIONS.length} questions rotating, ` +
      `${Math.round(newShare * 100)}% of turns a question not asked before (with known matches), @mention in a group chat`,
  );
if (!only)
  console.log(
    `node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ` +
      `each server in a worker thread, autocannon and the fake connector on the main thread; ` +
      `knowledge: ${docsDir ? `catalog + docs from ${resolve(docsDir)}` : 'catalog only (--docs DIR or ZT_DOCS_DIR adds the docs)'}`,
  );

/**
 * One comparison: an echo server and `kind`, started fresh, warmed up, then measured in alternating slices,
 * and stopped before the next comparison starts, so one comparison's servers (their heaps, their garbage
 * collection) never run beside the other's.
 */
async function compare(kind: TargetKind, base: TargetKind = 'echo'): Promise<[Target, Target]> {
  const targets = [await startTarget(base), await startTarget(kind)] as [Target, Target];
  for (const t of targets) {
    await load(t.port, warmup);
    await settle();
  }
  if (profileDir) for (const t of targets) t.worker.postMessage('profile-start');
  for (let i = 0; i < rounds; i++) {
    // echo then the bot, then the bot then echo, ...: neither always goes first.
    for (let j = 0; j < targets.length; j++) await measureSlice(targets[(i + j) % targets.length]!, slice);
  }
  for (const t of targets) {
    if (profileDir) t.profile = (await ask(t.worker, 'profile-stop', 'profiled')).file;
    t.stopped = await ask(t.worker, 'stop', 'stopped');
    t.worker.removeAllListeners('exit');
    await t.worker.terminate();
  }
  return targets;
}

type Figures = {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  busy: number;
  cpuPerReq: number;
};
function figures(t: Target): Figures {
  const lat = Float64Array.from(t.slices.flatMap((s) => s.latencies)).sort();
  const seconds = sum(t.slices.map((s) => s.result.duration));
  const requests = sum(t.slices.map((s) => s.result.requests.total));
  return {
    // Answers per second over all slices (autocannon's requests.average, weighted by each slice's length).
    rps: sum(t.slices.map((s) => s.result.requests.average * s.result.duration)) / seconds,
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    max: lat.at(-1) ?? NaN,
    requests,
    ok: sum(t.slices.map((s) => s.result['2xx'])),
    non2xx: sum(t.slices.map((s) => s.result.non2xx)),
    errors: sum(t.slices.map((s) => s.result.errors)),
    timeouts: sum(t.slices.map((s) => s.result.timeouts)),
    busy: sum(t.slices.map((s) => s.busy * s.result.duration)) / seconds,
    // CPU time of the server thread per request: what one turn costs it, whatever the concurrency and
    // however busy the machine is otherwise (wall-clock busy time would count time other processes took).
    cpuPerReq: t.slices.some((s) => s.cpuMs === null) ? NaN : sum(t.slices.map((s) => s.cpuMs!)) / Math.max(1, requests),
  };
}

const ratio = (a: number, b: number) => (b ? a / b : NaN);
const row = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ');
const widths = [12, 7, 8, 8, 8, 9, 8, 7, 9, 15, 6, 10, 10, 14];

/** Prints one comparison: both servers' figures, what they replied, each slice's ratio, and the ratios. */
function report([echo, other]: [Target, Target], label: string): void {
  const fe = figures(echo);
  const fo = figures(other);
  console.log('');
  console.log(
    row(
      [
        '',
        'req/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'requests',
        'non-2xx',
        'errors',
        'timeouts',
        'replies / 2xx',
        'cards',
        'bot errors',
        'loop busy',
        'cpu ms/req',
      ],
      widths,
    ),
  );
  for (const [t, f] of [
    [echo, fe],
    [other, fo],
  ] as const) {
    console.log(
      row(
        [
          t.kind,
          f.rps.toFixed(0),
          f.p50.toFixed(2),
          f.p99.toFixed(2),
          f.max.toFixed(1),
          f.requests,
          f.non2xx,
          f.errors,
          f.timeouts,
          `${t.replies} / ${f.ok}`,
          t.cards,
          t.stopped?.errors ?? '?',
          `${(f.busy * 100).toFixed(0)}%`,
          f.cpuPerReq.toFixed(2),
        ],
        widths,
      ),
    );
  }
  for (const t of [echo, other]) {
    const missing = sum(t.slices.map((s) => s.result['2xx'])) - t.replies;
    console.log(`${t.kind}: first reply ${JSON.stringify((t.sample ?? '(none)').slice(0, 100))}`);
    if (missing > 0) console.log(`${t.kind}: ${missing} answered turns sent no reply to the connector`);
    if (t.other) console.log(`${t.kind}: ${t.other} other requests reached the connector`);
    if (t.stopped?.firstError) console.log(`${t.kind}: first error logged: ${t.stopped.firstError}`);
    if (t.profile) console.log(`${t.kind}: CPU profile of the measured slices: ${t.profile}`);
  }
  const bySlice = (x: Target) => x.slices.map((s) => s.result.requests.average.toFixed(0)).join(' ');
  const perRound = echo.slices.map((es, i) => ratio(other.slices[i]!.result.requests.average, es.result.requests.average));
  console.log(`req/s by slice   ${echo.kind}: ${bySlice(echo)}   ${other.kind}: ${bySlice(other)}`);
  console.log(
    `throughput ratio by slice, ${other.kind} / ${echo.kind}: ${perRound.map((r) => r.toFixed(2)).join(' ')} (median ${median(perRound).toFixed(2)})`,
  );
  const load1 = loadavg()[0] ?? 0;
  if (load1 > availableParallelism()) {
    console.log(
      `note: the machine was busy (load average ${load1.toFixed(1)} on ${availableParallelism()} CPUs): other processes took CPU time, so ` +
        'req/s and latencies are noisy; cpu ms/req (per turn, on the server thread) is the steadier comparison.',
    );
  }
  const summary: Summary = { kind: other.kind, throughput: ratio(fo.rps, fe.rps), p99: ratio(fo.p99, fe.p99), cpu: ratio(fo.cpuPerReq, fe.cpuPerReq) };
  // One line for --repeat to collect (see runs()).
  console.log(`${SUMMARY}${JSON.stringify(summary)}`);
  console.log(
    `${label}throughput ${ratio(fo.rps, fe.rps).toFixed(2)}  p50 ${ratio(fo.p50, fe.p50).toFixed(2)}  p99 ${ratio(fo.p99, fe.p99).toFixed(2)}  ` +
      `cpu per turn ${ratio(fo.cpuPerReq, fe.cpuPerReq).toFixed(2)}${other.kind === 'bot' ? '   (requirement: throughput >= 0.80, p99 <= 1.50)' : ''}`,
  );
}

/** A comparison's ratios to its baseline, as report() prints them on one line for --repeat. */
type Summary = { kind: TargetKind; throughput: number; p99: number; cpu: number };
const SUMMARY = 'summary ';

/** Runs one comparison in a new process of this benchmark, passing its output on; resolves with its summary. */
async function comparisonInChild(kind: TargetKind): Promise<Summary[]> {
  const args = process.argv.slice(2).filter((a, i, all) => a !== '--swap' && a !== '--repeat' && !a.startsWith('--repeat=') && all[i - 1] !== '--repeat');
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args, '--comparison', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    process.stdout.write(chunk);
  });
  const code = await new Promise<number | null>((ok) => child.on('exit', ok));
  if (code !== 0) process.exitCode = code ?? 1;
  return out
    .split('\n')
    .filter((l) => l.startsWith(SUMMARY))
    .map((l) => JSON.parse(l.slice(SUMMARY.length)) as Summary);
}

// Each comparison runs in a process of its own: run one after the other in one process, the second
// measured several per cent lower than the same comparison run first, whichever bot it was.
const LABELS: Record<string, string> = {
  bot: 'ratios bot / echo (as it ships):          ',
  'bot-uncached': 'ratios bot-uncached / echo (cache off):   ',
  'bot-swapping': 'ratios bot-swapping / bot (index swaps):  ',
};
if (only === 'bot-swapping') {
  // The bot that swaps its index every --swap-every seconds against the same bot that does not.
  const pair = await compare('bot-swapping', 'bot');
  report(pair, LABELS[only]!);
  const [steady, swapping] = pair;
  const failed = (t: Target) => sum(t.slices.map((x) => x.result.non2xx + x.result.errors + x.result.timeouts)) + (t.stopped?.errors ?? 0);
  const p99 = (t: Target) => figures(t).p99;
  console.log(
    `index swaps during the run: ${swapping.stopped?.swaps ?? '?'}; failed turns: ${failed(swapping)} swapping, ${failed(steady)} steady; ` +
      `p99 ${p99(swapping).toFixed(2)} ms swapping vs ${p99(steady).toFixed(2)} ms steady (${ratio(p99(swapping), p99(steady)).toFixed(2)}x; requirement: 0 failed, <= 1.5x)`,
  );
  await connector.close();
} else if (only) {
  report(await compare(only), LABELS[only]!);
  await connector.close();
} else if (repeat > 1) {
  await connector.close();
  const kinds: TargetKind[] = ['bot', 'bot-uncached', ...(values.swap ? (['bot-swapping'] as const) : [])];
  const summaries: Summary[] = [];
  for (let r = 1; r <= repeat; r++) {
    for (const kind of kinds) {
      console.log(`\n-- run ${r} of ${repeat}: ${kind}, in a new process`);
      summaries.push(...(await comparisonInChild(kind)));
    }
  }
  console.log(`\nmedians of ${repeat} runs each (min-max):`);
  for (const kind of kinds) {
    const mine = summaries.filter((x) => x.kind === kind);
    const line = (key: 'throughput' | 'p99' | 'cpu') =>
      `${key} ${median(mine.map((x) => x[key])).toFixed(2)} (${Math.min(...mine.map((x) => x[key])).toFixed(2)}-${Math.max(...mine.map((x) => x[key])).toFixed(2)})`;
    console.log(`${LABELS[kind]}${line('throughput')}  ${line('p99')}  cpu per turn ${line('cpu').slice(4)}  [${mine.length} runs]`);
  }
} else {
  console.log('(replies: activities the fake connector received; a few more than 2xx answers are turns cut off when a slice ended)');
  console.log('(loop busy: event-loop utilisation of the server thread; cpu ms/req: CPU time of that thread per request, the cost of a turn)');
  console.log('\n-- the bot as it ships, against echo');
  report(await compare('bot'), LABELS.bot!);
  await connector.close();
  console.log('\n-- the bot with its answer cache off (SEARCH_CACHE_SIZE=0), against echo, in a new process');
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), '--comparison', 'bot-uncached'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((ok) => child.on('exit', ok));
  if (code !== 0) process.exitCode = code ?? 1;
  if (values.swap) {
    console.log(`\n-- the bot swapping in a new index every ${swapEvery} s, against the same bot without swaps, in a new process`);
    const swapper = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2).filter((a) => a !== '--swap'), '--comparison', 'bot-swapping'],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const c = await new Promise<number | null>((ok) => swapper.on('exit', ok));
    if (c !== 0) process.exitCode = c ?? 1;
  }
}
