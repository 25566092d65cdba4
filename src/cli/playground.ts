// Chat with the bot in a browser, on your own machine: starts the bot in local mode and the Microsoft 365
// Agents Playground (a Teams-like web client, dev dependency) pointed at it, and prints the address to open.
//   npm run playground
//   npm run playground -- --port 3979 --playground-port 56151 --channel msteams
// Ctrl+C stops both. When either stops on its own, the other is stopped too and the reason is printed.
//
// The Playground is started so that it stays on this machine: no browser is opened for you
// (TEAMSAPPTESTER_BROWSER=none), telemetry is off (--disable-telemetry) and its Application Insights SDK
// neither probes the Azure VM metadata address (statsbeat) nor has anywhere but loopback to send to.
// Its own log goes to a file (it prints almost nothing when its output is not a terminal).
// The tests (tests/helpers/browser.ts) start it through spawnPlayground below, the same way.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config.js';

import { ROOT } from '../paths.js';

export const PLAYGROUND_CHANNELS = ['msteams', 'directline', 'webchat', 'emulator', 'agents'] as const;
export type PlaygroundChannel = (typeof PLAYGROUND_CHANNELS)[number];

/** The Playground's own CLI script (its `agentsplayground` bin), run with this Node. */
export function playgroundCli(): string {
  const require = createRequire(import.meta.url);
  let pkgFile: string;
  try {
    pkgFile = require.resolve('@microsoft/m365agentsplayground/package.json');
  } catch {
    throw new Error('@microsoft/m365agentsplayground is not installed: it is a dev dependency, run `npm install` (not --omit=dev)');
  }
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin?: Record<string, string> };
  return join(dirname(pkgFile), pkg.bin?.agentsplayground ?? 'cli.js');
}

export type PlaygroundOptions = {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  endpoint: string;
  /** 0 = any free port. The Playground takes another free port by itself when this one is taken. */
  port?: number;
  channel?: PlaygroundChannel;
  /** Where the Playground writes its log (default: .tmp/agentsplayground.log in the project). */
  logFile?: string;
  /** How long to wait for it to listen. */
  timeoutMs?: number;
  /** Called as soon as the process exists, so a caller can stop it even while it is starting. */
  onSpawn?: (child: ChildProcess) => void;
};

export type RunningPlayground = { child: ChildProcess; port: number; url: string; logFile: string; stop(): Promise<void> };

/** Command-line arguments for the Playground (see `npx agentsplayground --help`). */
export function playgroundArgs(o: PlaygroundOptions): string[] {
  return ['--app-endpoint', o.endpoint, '--channel-id', o.channel ?? 'msteams', '--port', String(o.port ?? 56150), '--disable-telemetry'];
}

/** Environment for the Playground: no browser opened, log to a file, nothing sent anywhere. */
export function playgroundEnv(logFile: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    // --disable-telemetry stops its events, but its Application Insights client still starts: without these
    // it asks the Azure VM metadata service (169.254.169.254) at start-up and sends a heartbeat every 15 min.
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    APPLICATIONINSIGHTS_CONFIGURATION_CONTENT: JSON.stringify({
      endpointUrl: 'http://127.0.0.1:9',
      disableStatsbeat: true,
      enableAutoCollectHeartbeat: false,
      enableAutoCollectPreAggregatedMetrics: false,
      enableSendLiveMetrics: false,
    }),
  };
}

/** The last lines of a file, for error messages. */
export function tailOf(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Sends SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Polls `url` until it answers 200; fails after `timeoutMs` or as soon as `child` exits. */
export async function waitForHttp(url: string, timeoutMs = 30_000, child?: ChildProcess): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`${url}: the process exited (${child.exitCode ?? child.signalCode}) before it answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return res;
      last = `HTTP ${res.status}`;
      await res.body?.cancel();
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/** Starts the Agents Playground and resolves once its web page answers. */
export async function spawnPlayground(o: PlaygroundOptions): Promise<RunningPlayground> {
  const logFile = o.logFile ?? join(ROOT, '.tmp', 'agentsplayground.log');
  mkdirSync(dirname(logFile), { recursive: true });
  const child = spawn(process.execPath, [playgroundCli(), ...playgroundArgs(o)], {
    cwd: ROOT,
    env: playgroundEnv(logFile),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  o.onSpawn?.(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const stop = () => stopChild(child);
  try {
    // It writes "Listening on <port>" to stdout, and everything else only to its log file.
    const port = await new Promise<number>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`the Agents Playground did not start within ${o.timeoutMs ?? 30_000} ms`)), o.timeoutMs ?? 30_000);
      const onData = () => {
        const m = /Listening on (\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          ok(Number(m[1]));
        }
      };
      child.stdout!.on('data', onData);
      child.once('error', (err) => {
        clearTimeout(timer);
        fail(err);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new Error(`the Agents Playground exited (${code ?? signal}) before it listened`));
      });
    });
    const url = `http://localhost:${port}`;
    await waitForHttp(`http://127.0.0.1:${port}/`, o.timeoutMs ?? 30_000, child);
    return { child, port, url, logFile, stop };
  } catch (err) {
    await stop();
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${why}\n--- its output ---\n${output.trim() || '(none)'}\n--- ${logFile} ---\n${tailOf(logFile)}`, { cause: err });
  }
}

// ---------------------------------------------------------------------------------------------------------
// npm run playground

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, to: NodeJS.WritableStream): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => to.write(`${prefix}${line}\n`));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'playground-port': { type: 'string', default: '56150' },
      channel: { type: 'string', default: 'msteams' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(`npm run playground [-- --port N] [--playground-port N] [--channel ${PLAYGROUND_CHANNELS.join('|')}]
Starts the bot in local mode (PORT, default 3978) and the Microsoft 365 Agents Playground (default port 56150)
pointed at it, and prints the address to open in your browser. Ctrl+C stops both.`);
    return;
  }
  loadDotEnv();
  const int = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      console.error(`${name} must be a port number from 1 to 65535 (got "${raw}")`);
      process.exit(2);
    }
    return n;
  };
  const botPort = int('--port', values.port ?? process.env.PORT, 3978);
  const playgroundPort = int('--playground-port', values['playground-port'], 56150);
  const channel = values.channel as PlaygroundChannel;
  if (!PLAYGROUND_CHANNELS.includes(channel)) {
    console.error(`--channel must be one of ${PLAYGROUND_CHANNELS.join(', ')} (got "${values.channel}")`);
    process.exit(2);
  }
  try {
    playgroundCli();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  // Local mode has no authentication: the bot listens on loopback only, whatever HOST says.
  const botUrl = `http://127.0.0.1:${botPort}`;
  if (process.env.MicrosoftAppId?.trim()) {
    console.log(`Note: MicrosoftAppId is set; the Playground talks to the bot without tokens, so the bot starts in local mode here.`);
  }
  const occupied = await fetch(`${botUrl}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
    () => true,
    () => false,
  );
  if (occupied) {
    console.error(
      `Something already answers on port ${botPort} (a bot started with npm start?). Stop it, or pick another port: npm run playground -- --port 3979`,
    );
    process.exit(1);
  }

  let stopping = false;
  const children: ChildProcess[] = [];
  const shutdown = async (code: number, message?: string) => {
    if (stopping) return;
    stopping = true;
    if (message) console.error(message);
    await Promise.all(children.map((c) => stopChild(c)));
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(130, '\nStopping the bot and the Agents Playground...'));
  process.on('SIGTERM', () => void shutdown(143));
  process.on('exit', () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));
  // A terminal's Ctrl+C reaches the children too: their exit by SIGINT/SIGTERM is part of stopping.
  const watch = (child: ChildProcess, name: string, hint: () => string) =>
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (signal === 'SIGINT' || signal === 'SIGTERM') return void shutdown(130);
      void shutdown(code === 0 ? 0 : 1, `\n${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.${hint()}`);
    });

  console.log(`Starting the bot in local mode on ${botUrl}/api/messages ...`);
  const bot = spawn(process.execPath, ['dist/index.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(botPort), HOST: '127.0.0.1', MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(bot);
  prefixLines(bot.stdout, 'bot | ', process.stdout);
  prefixLines(bot.stderr, 'bot | ', process.stderr);
  watch(bot, 'The bot', () => '');
  try {
    await waitForHttp(`${botUrl}/healthz`, 60_000, bot);
  } catch (err) {
    return shutdown(1, `The bot did not become healthy: ${(err as Error).message}`);
  }

  const logFile = join(ROOT, '.tmp', `agentsplayground-${botPort}.log`);
  let playground: RunningPlayground;
  try {
    playground = await spawnPlayground({ endpoint: `${botUrl}/api/messages`, port: playgroundPort, channel, logFile, onSpawn: (c) => children.push(c) });
  } catch (err) {
    return shutdown(1, `The Agents Playground did not start: ${(err as Error).message}`);
  }
  if (stopping) return;
  watch(playground.child, 'The Agents Playground', () => `\n--- last lines of ${logFile} ---\n${tailOf(logFile)}`);
  if (playground.port !== playgroundPort) console.log(`Port ${playgroundPort} was taken; the Playground took ${playground.port}.`);
  console.log(`
  Chat with the bot: open ${playground.url} in your browser
  (Agents Playground on channel ${channel}, talking to ${botUrl}/api/messages; its log: ${logFile})
  Try: how do we protect against ransomware · roles · pillars · ramp · help
  Ctrl+C stops both.
`);
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((err) => {
    console.error('npm run playground failed:', err);
    process.exit(1);
  });
}
