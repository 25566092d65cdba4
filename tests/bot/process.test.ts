// The bot as `npm start` runs it: a separate process, started, used, and stopped with SIGTERM.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type FakeConnector, startFakeConnector } from '../../src/testkit/fake-connector.js';
import { startBotProcess, waitHealthy } from '../helpers/process.js';

const ROOT = resolve(__dirname, '../..');
const startBot = startBotProcess;

describe('npm start', () => {
  let connector: FakeConnector;
  beforeAll(async () => {
    connector = await startFakeConnector();
  });
  afterAll(() => connector.close());

  it('serves, and on SIGTERM finishes the turn in flight before it exits', async () => {
    const bot = startBot({});
    let child: ChildProcess | undefined = bot.child;
    try {
      const port = await bot.port;
      const health = await waitHealthy(port);
      expect(health.entries).toBeGreaterThan(100);
      connector.delay(600);
      const inFlight = fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(teamsMessage({ serviceUrl: connector.url, scope: 'groupChat', text: 'passwordless sign in' })),
      });
      await new Promise((r) => setTimeout(r, 250));
      child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(200);
      // Teams has its answer at once; the reply, held up by the slow connector, still goes out before exit.
      expect(await bot.exited).toBe(0);
      child = undefined;
    } finally {
      connector.delay(0);
      child?.kill('SIGKILL');
    }
  });

  it('refuses to start on a broken content file, naming the file, the entry and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-content-'));
    cpSync(join(ROOT, 'content'), dir, { recursive: true });
    writeFileSync(
      join(dir, 'principles.yaml'),
      'principles:\n  - id: verify-explicitly\n    name: Verify explicitly\n    url: https://learn.microsoft.com/security/zero-trust/zero-trust-overview\n',
    );
    const bot = startBot({ CONTENT_DIR: dir });
    expect(await bot.exited).toBe(1);
    expect(bot.output().err).toMatch(/principles\.yaml: principles\[0\] \(id "verify-explicitly"\)\.summary/);
  });

  it('refuses to start on a bad setting, saying which', async () => {
    const bot = startBot({ MicrosoftAppId: 'some-app', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'x' });
    expect(await bot.exited).toBe(1);
    expect(bot.output().err).toMatch(/MicrosoftAppTenantId is required for SingleTenant/);
  });
});

describe('npm start', () => {
  it('runs the compiled bot: JSON log lines only, no warnings, and SIGTERM to npm stops the server', async () => {
    const bot = startBotProcess({}, ['npm', 'start', '--silent']);
    try {
      const port = await bot.port;
      await waitHealthy(port);
      const { out, err } = bot.output();
      for (const line of out.trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
      expect(err).toBe('');
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      bot.child.kill('SIGKILL');
    }
  });
});

describe('start-up that cannot succeed stops at once, with one line naming what to fix', () => {
  const startsAndFails = async (env: Record<string, string>, expected: RegExp) => {
    const started = Date.now();
    const bot = startBot(env);
    const code = await Promise.race([bot.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
    if (code === 'still running') bot.child.kill('SIGKILL');
    expect(code).toBe(1);
    const lines = bot.output().err.trim().split('\n');
    expect(lines.at(-1)).toMatch(expected);
    expect(bot.output().err).not.toMatch(/^\s+at /m);
    return Date.now() - started;
  };

  it('a port already in use', async () => {
    const holder = createNetServer().listen(0, '127.0.0.1');
    await new Promise((r) => holder.once('listening', r));
    const { port } = holder.address() as AddressInfo;
    try {
      await startsAndFails({ PORT: String(port) }, new RegExp(`PORT ${port} is already in use`));
    } finally {
      holder.close();
    }
  });

  it('a HOST that is not an address of this machine', async () => {
    await startsAndFails({ HOST: 'no-such-host.invalid' }, /HOST no-such-host\.invalid is not an address of this machine/);
  });

  it.each([
    ['a system folder', () => '/proc/self', /DATA_DIR must be a folder for the bot's files, not a system folder/],
    [
      'a file',
      () => {
        const file = join(mkdtempSync(join(tmpdir(), 'zt-file-')), 'not-a-folder');
        writeFileSync(file, 'x');
        return file;
      },
      /DATA_DIR ".*not-a-folder" cannot be used/,
    ],
  ])('a DATA_DIR that is %s', async (_name, dataDir, expected) => {
    await startsAndFails({ DATA_DIR: dataDir() }, expected);
  });

  // root may write to any folder whatever its mode, so this runs only for other users.
  it.skipIf(process.getuid?.() === 0)('a DATA_DIR that is a read-only folder (skipped as root, who may write anywhere)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-ro-'));
    mkdirSync(join(dir, 'kv'));
    chmodSync(join(dir, 'kv'), 0o555);
    await startsAndFails({ DATA_DIR: dir }, /DATA_DIR ".*" cannot be used/);
  });

  it.each([
    ['blank', '                '],
    ['too short', 'short-key'],
    ['with a tab in it', 'abcdefgh\tijklmnopq'],
  ])('a NOTIFY_API_KEY that is %s', async (_name, key) => {
    await startsAndFails({ NOTIFY_API_KEY: key }, /NOTIFY_API_KEY must/);
  });
});
