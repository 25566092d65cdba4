// Requests Teams did not sign, against the real server with authentication on: each gets a 401 with a
// fixed short body, the bot never runs, and the log gets one rate-limited line rather than a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Log } from '../../src/log.js';
import { UNAUTHORIZED_BODY } from '../../src/bot/process.js';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { type FakeConnector, startFakeConnector } from '../../src/testkit/fake-connector.js';

const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
const recording: Log = {
  info: (event, fields) => lines.push({ level: 'info', event, ...(fields ? { fields } : {}) }),
  warn: (event, fields) => lines.push({ level: 'warn', event, ...(fields ? { fields } : {}) }),
  error: (event, fields) => lines.push({ level: 'error', event, ...(fields ? { fields } : {}) }),
};

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token shaped like Bot Framework's, signed by nobody: checking it needs the signing keys. */
const forged = (claims: Record<string, unknown> = {}) =>
  `${b64({ alg: 'RS256', typ: 'JWT', kid: 'not-a-real-key' })}.${b64({
    iss: 'https://api.botframework.com',
    aud: '00000000-0000-0000-0000-000000000001',
    exp: Math.floor(Date.now() / 1000) + 3600,
    nbf: Math.floor(Date.now() / 1000) - 60,
    serviceurl: 'https://smba.trafficmanager.net/teams/',
    ...claims,
  })}.${Buffer.from('signature').toString('base64url')}`;

let app: TestApp;
let connector: FakeConnector;
const stderr: string[] = [];
const write = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp(
    { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' },
    recording,
  );
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stderr.push(String(chunk));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
});
afterAll(async () => {
  process.stderr.write = write;
  await app?.stop();
  await connector?.close();
});

describe('a request without a valid Bot Framework token', () => {
  it.each([
    ['no Authorization header', {}],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-token' }],
    ['a Basic credential', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an unsigned token', { authorization: `Bearer ${b64({ alg: 'none' })}.${b64({ iss: 'https://api.botframework.com' })}.` }],
    ['a token whose signature cannot be checked (signing keys out of reach)', { authorization: `Bearer ${forged()}` }],
  ])('%s: 401 with a fixed body, and the bot does not run', async (_name, headers) => {
    const res = await app.post(teamsMessage({ serviceUrl: connector.url, text: 'what is zero trust' }), headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(UNAUTHORIZED_BODY);
    expect(connector.sent).toHaveLength(0);
  });

  it('a flood of forged requests is refused quickly, logged in one line, and writes no stack trace', async () => {
    lines.length = 0;
    stderr.length = 0;
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () =>
        app.post(teamsMessage({ serviceUrl: connector.url, text: 'hi' }), { authorization: `Bearer ${forged()}` }).then((r) => r.status),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines.filter((l) => l.event === 'auth.refused').length).toBeLessThanOrEqual(1);
    expect(lines.every((l) => l.level !== 'error')).toBe(true);
    expect(stderr.join('')).not.toMatch(/at .*\.js:\d+|botframework\.com|signature/);
  });
});
