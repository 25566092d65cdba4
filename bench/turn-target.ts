// The server under load in bench/turn.ts, run in a worker thread so that the load generator and the fake
// Bot Connector do not share its event loop. workerData.kind picks the bot:
//   'bot'  the real app (startApp: restify server, CloudAdapter, ZeroTrustBot), local mode, compiled (dist/);
//   'bot-uncached' the same with SEARCH_CACHE_SIZE=0: every question searched and its card built anew;
//   'bot-swapping' the real app that reads its docs again and swaps a new index in every swapMs (the
//              docs refresh's swap, as SIGHUP triggers it), while it answers;
//   'echo' the same createServer and createAdapter with a bot that only echoes the text.
// Posts {type: 'ready', port} when it takes requests; on 'stop' it closes and posts {type: 'stopped', ...}.
// With workerData.profileDir, 'profile-start' and 'profile-stop' take a CPU profile of this thread alone
// (the measured window only, no start-up) and post {type: 'profiled', file}. 'cpu' posts {type: 'cpu', ns}:
// the CPU time this thread has run so far (Linux: /proc/thread-self/schedstat; null elsewhere).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Log } from '../src/log.js';

// The servers run as they ship: the compiled bot (dist/, `npm run build`) run by node, with no source maps
// for stack traces. This file is loaded through tsx; what it measures is not.
process.setSourceMapsEnabled(false);
const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('app.js', dist))) throw new Error('bench:turn measures the compiled bot: run npm run build first');
const { startApp } = (await import(new URL('app.js', dist).href)) as typeof import('../src/app.js');
const { startEchoBot } = (await import(new URL('cli/echo-bot.js', dist).href)) as typeof import('../src/cli/echo-bot.js');
const { readConfig } = (await import(new URL('config.js', dist).href)) as typeof import('../src/config.js');

export type TargetKind = 'bot' | 'bot-uncached' | 'bot-swapping' | 'echo';
export type TargetData = { kind: TargetKind; env: Record<string, string>; profileDir?: string; swapMs?: number };
export type TargetMessage =
  | { type: 'ready'; port: number }
  | { type: 'profiled'; file: string }
  | { type: 'cpu'; ns: number | null }
  | { type: 'stopped'; errors: number; warnings: number; firstError?: string; swaps?: number };

const port0 = parentPort;
if (!port0) throw new Error('bench/turn-target.ts runs as a worker of bench/turn.ts');
const { kind, env, profileDir, swapMs = 5000 } = workerData as TargetData;

// Silent, but counted: a bot that fails its turns and answers with an error card must not look healthy.
let errors = 0;
let warnings = 0;
let firstError: string | undefined;
const log: Log = {
  info: () => {},
  warn: () => {
    warnings++;
  },
  error: (event, fields) => {
    errors++;
    firstError ??= `${event} ${JSON.stringify(fields ?? {})}`.slice(0, 300);
  },
};

const dataDir = mkdtempSync(join(tmpdir(), 'zt-bench-turn-'));
const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env, ...(kind === 'bot-uncached' ? { SEARCH_CACHE_SIZE: '0' } : {}) });
let stop: () => Promise<void>;
let port: number;
let swaps = 0;
if (kind !== 'echo') {
  const app = await startApp(config, log);
  await app.ready;
  port = app.port;
  stop = app.stop;
  if (kind === 'bot-swapping') {
    // One swap at a time, the next swapMs after the last one finished.
    let timer: NodeJS.Timeout;
    const next = () =>
      (timer = setTimeout(
        () =>
          void app
            .reloadDocs()
            .then(
              () => swaps++,
              (err: Error) => log.error('bench.swap.failed', { message: err.message }),
            )
            .finally(next),
        swapMs,
      ));
    next();
    stop = async () => {
      clearTimeout(timer);
      await app.stop();
    };
  }
} else {
  ({ port, stop } = await startEchoBot({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env }, log));
}

/** On-CPU time of this thread in ns: unlike wall time, other processes taking the CPU do not inflate it. */
function threadCpuNs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

let session: Session | undefined;
port0.on('message', async (m: unknown) => {
  if (m === 'cpu') {
    port0.postMessage({ type: 'cpu', ns: threadCpuNs() } satisfies TargetMessage);
    return;
  }
  if (m === 'profile-start' && profileDir) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    return;
  }
  if (m === 'profile-stop' && session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = undefined;
    const file = join(profileDir!, `turn-${kind}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    port0.postMessage({ type: 'profiled', file } satisfies TargetMessage);
    return;
  }
  if (m !== 'stop') return;
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
  port0.postMessage({
    type: 'stopped',
    errors,
    warnings,
    ...(firstError ? { firstError } : {}),
    ...(kind === 'bot-swapping' ? { swaps } : {}),
  } satisfies TargetMessage);
});
port0.postMessage({ type: 'ready', port } satisfies TargetMessage);
