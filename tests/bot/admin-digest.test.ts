// The admins' weekly digest in the conversation ADMIN_CONVERSATION_ID names: the week's misses grouped by
// their words with a button to teach each, the votes, and the phrases taught that week; posted once on
// its day. Without the bot installed there, nothing is posted and the log says what to fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestDue, nextDue } from '../../src/schedule/weekly.js';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { nodes } from '../helpers/checklist-team.js';

const ADMIN = '7d3c2a1b-0c4e-4a8e-9d55-3f1f2a6e9c10';
const ADMINS_CHANNEL = '19:zt-admins@thread.tacv2';
const weekly = { day: 'monday', time: '09:00', zone: 'UTC' } as const;
// Insights and taught phrases are dated by the real clock: the scheduler's Mondays are the last one before
// today and the next one after.
const lastMonday = latestDue(weekly, new Date());
const nextMonday = nextDue(weekly, new Date());
let now = new Date(lastMonday.getTime() - 3_600_000);

let connector: FakeConnector;
let app: TestApp;

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({ ADMIN_IDS: ADMIN, ADMIN_CONVERSATION_ID: ADMINS_CHANNEL, ADMIN_DIGEST_SCHEDULE: 'monday 09:00' }, undefined, { clock: () => now });
  await app.ready;
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
});

const say = (text: string, conversationId: string, admin = false) => {
  const m = teamsMessage({
    serviceUrl: connector.url,
    scope: admin ? 'personal' : 'channel',
    conversationId,
    mentionBot: !admin,
    text,
    userId: admin ? '29:ada' : '29:alice',
  });
  return app.post(admin ? { ...m, from: { id: '29:ada', name: 'Ada Admin', aadObjectId: ADMIN } } : m);
};
const tick = async () => (await app.scheduler()).tick();

describe('the weekly admin digest', () => {
  it('is not posted while the bot is not in the admins’ conversation', async () => {
    now = new Date(lastMonday.getTime() + 60_000);
    connector.reset();
    expect((await tick()).ran).toEqual(['admin-digest']);
    expect(connector.sent).toHaveLength(0);
  });

  it('posts the week’s misses with buttons to teach, and what was taught, once on its day', async () => {
    // The bot is installed in the admins' channel (it keeps its reference on the first message there).
    await say('hello', `${ADMINS_CHANNEL};messageid=1`);
    await say('zork grue lantern plugh', '19:general@thread.tacv2;messageid=2');
    await say('teach security stuff => ramp:overview', 'a:personal-ada', true);
    await app.insights.flush();
    now = new Date(nextMonday.getTime() + 60_000);
    connector.reset();
    expect((await tick()).ran).toEqual(['admin-digest']);
    const posted = connector.sent.filter((s) => s.conversationId === ADMINS_CHANNEL);
    expect(posted).toHaveLength(1);
    const card = cardsOf(posted[0]!)[0];
    const text = cardText(card);
    expect(text).toContain('Weekly admin digest');
    expect(text).toContain('zork grue lantern plugh');
    expect(text).toContain('Taught this week');
    expect(text).toMatch(/“security stuff” → .*Rapid Modernization Plan/);
    expect(nodes(card).some((n) => n.type === 'Action.Submit' && /^teach /.test(n.data?.action))).toBe(true);
    // Ticks later that week post nothing more.
    now = new Date(now.getTime() + 3 * 3_600_000);
    expect((await tick()).ran).toEqual([]);
    expect(connector.sent.filter((s) => s.conversationId === ADMINS_CHANNEL)).toHaveLength(1);
  });
});
