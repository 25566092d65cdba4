// Starts the real app (restify server, CloudAdapter, bot) on a free loopback port for HTTP tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppOptions, type RunningApp, startApp } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { afterAll, beforeAll } from 'vitest';
import { type Log, silentLog } from '../../src/log.js';
import { type FakeConnector, startFakeConnector } from '../../src/testkit/fake-connector.js';

export type TestApp = RunningApp & { url: string; post(body: unknown, headers?: Record<string, string>): Promise<Response> };

export async function startTestApp(env: Record<string, string> = {}, log: Log = silentLog, options: AppOptions = {}): Promise<TestApp> {
  // No scheduled docs sync unless a test asks for one: tests never reach the internet. No scheduler timer
  // either: a test of the weekly jobs ticks them with its own clock.
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'zt-data-')),
    DOCS_REFRESH_HOURS: '0',
    SCHEDULE_TICK_SECONDS: '0',
    ...env,
  });
  const app = await startApp(config, log, options);
  await app.ready;
  const url = `http://127.0.0.1:${app.port}`;
  return {
    ...app,
    url,
    // Teams gets its answer to a message as soon as the sender is known, before the turn has run (see
    // src/bot/process.ts); tests read what the turn did, so they wait until no request is in flight.
    post: async (body, headers = {}) => {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      for (let i = 0; i < 1000 && app.server.inFlight() > 0; i++) await new Promise((r) => setTimeout(r, 10));
      return res;
    },
  };
}

/**
 * The real app and a fake Bot Connector for the tests of one file: started before them, stopped after.
 * Read them through the returned object once the tests run.
 */
export function appWithConnector(env: Record<string, string> = {}): { readonly app: TestApp; readonly connector: FakeConnector } {
  const started: { app?: TestApp; connector?: FakeConnector } = {};
  beforeAll(async () => {
    started.connector = await startFakeConnector();
    started.app = await startTestApp(env);
  });
  afterAll(async () => {
    await started.app?.stop();
    await started.connector?.close();
  });
  return {
    get app() {
      return started.app!;
    },
    get connector() {
      return started.connector!;
    },
  };
}
