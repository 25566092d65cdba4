// The bot as its own OS process (as `npm start` runs it), for tests that restart or kill it.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export type BotProcess = {
  child: ReturnType<typeof spawn>;
  port: Promise<number>;
  exited: Promise<number | null>;
  output(): { out: string; err: string };
  url(): Promise<string>;
};

/**
 * The compiled bot (npm test builds dist/ first), started with `node dist/index.js`, or with another
 * command such as `npm start --silent`.
 */
export function startBotProcess(env: Record<string, string>, command: string[] = [process.execPath, 'dist/index.js']): BotProcess {
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MicrosoftAppId: '', DATA_DIR: mkdtempSync(join(tmpdir(), 'zt-proc-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const port = new Promise<number>((ok, fail) => {
    const check = () => {
      const m = /"event":"server.listening","port":(\d+)/.exec(out);
      if (m) return ok(Number(m[1]));
      setTimeout(check, 50);
    };
    check();
    exited.then((code) => fail(new Error(`bot exited with ${code}: ${err}`)));
  });
  port.catch(() => {}); // a test that expects the bot to exit never asks for its port
  return {
    child,
    port,
    exited,
    output: () => ({ out, err }),
    async url() {
      const p = await port;
      await waitHealthy(p);
      return `http://127.0.0.1:${p}`;
    },
  };
}

export async function waitHealthy(port: number): Promise<any> {
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (res?.status === 200) return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('bot never became healthy');
}
