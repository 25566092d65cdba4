// Starts tests/helpers/clocked-bot.ts: the bot in a process of its own whose clock and scheduler ticks the
// test drives, so that weeks of a team's rhythm run in seconds against a real store.
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { TickReport } from '../../src/schedule/scheduler.js';

const ENTRY = resolve(__dirname, 'clocked-bot.ts');

export type ClockedBot = {
  url: string;
  /** Sets the process's clock and runs one scheduler tick there. */
  tickAt(at: Date): Promise<TickReport>;
  post(body: unknown): Promise<Response>;
  stop(): Promise<void>;
};

export async function startClockedBot(env: Record<string, string>, clock: Date): Promise<ClockedBot> {
  const child: ChildProcess = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MicrosoftAppId: '',
      DOCS_REFRESH_HOURS: '0',
      SCHEDULE_TICK_SECONDS: '0',
      LOG_LEVEL: 'warn',
      CLOCK: clock.toISOString(),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const port = await new Promise<number>((ok, fail) => {
    child.on('message', (m: { ready?: number }) => m.ready && ok(m.ready));
    void exited.then(() => fail(new Error(`clocked bot exited: ${err}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  let n = 0;
  return {
    url,
    tickAt(at) {
      const id = ++n;
      return new Promise((ok) => {
        const answer = (m: { tick?: number; report?: TickReport }) => {
          if (m.tick !== id) return;
          child.off('message', answer);
          ok(m.report!);
        };
        child.on('message', answer);
        child.send({ clock: at.toISOString(), tick: id });
      });
    },
    post: (body) => fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    async stop() {
      child.disconnect();
      await exited;
    },
  };
}
