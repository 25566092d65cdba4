// A team's weekly rhythm, as a channel lives it: someone asks for a digest on Mondays at 09:00 in their
// time zone; on Monday the bot reminds the owners of overdue items in their 1:1 chats (where it can) and
// posts the digest; `digest off` stops it. The clock is the test's, so a week passes in a line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistService } from '../../src/checklist/service.js';
import { numberedItems } from '../../src/checklist/progress.js';
import { createStore } from '../../src/storage/index.js';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { catalog } from '../checklist/history-helpers.js';
import { assignOwners } from '../helpers/checklist-team.js';

const CHANNEL = '19:secops@thread.tacv2';
const TEAM = '19:team-secops@thread.tacv2';
const list = catalog.checklists.find((l) => l.id === 'validate-trust')!;
const items = numberedItems(list).map((x) => x.item);

let now = new Date('2027-03-02T10:00:00Z'); // a Tuesday
let app: TestApp;
let connector: FakeConnector;
let dataDir: string;

beforeAll(async () => {
  connector = await startFakeConnector();
  dataDir = mkdtempSync(join(tmpdir(), 'zt-digest-'));
  app = await startTestApp({ DATA_DIR: dataDir }, undefined, { clock: () => now });
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
});

/** Someone says something to the bot in a channel of the team (Teams sends their time zone with it). */
function inChannel(user: string, text: string, zone: string | null = 'Europe/Berlin', channel = CHANNEL) {
  const m = teamsMessage({
    serviceUrl: connector.url,
    scope: 'channel',
    conversationId: `${channel};messageid=1`,
    userId: `29:${user}`,
    userName: user,
    text,
    mentionBot: true,
  });
  return app.post({ ...m, channelData: { team: { id: TEAM }, channel: { id: channel } }, ...(zone ? { localTimezone: zone } : {}) });
}
/** Someone's 1:1 chat with the bot (the app installed for them). */
const inPersonalChat = (user: string, text: string) =>
  app.post(teamsMessage({ serviceUrl: connector.url, scope: 'personal', conversationId: `a:personal-${user}`, userId: `29:${user}`, userName: user, text }));
const lastText = () => connector.sent.at(-1)!.activity.text as string;
const sentTo = (conversationId: string) => connector.sent.filter((s) => s.conversationId === conversationId);
const tick = async () => (await app.scheduler()).tick();

describe('a weekly digest in a channel', () => {
  it('is set up for Mondays at 09:00 in the time zone Teams sends, and says when the first comes', async () => {
    await inChannel('ada', 'digest weekly monday 09:00');
    expect(lastText()).toContain('Mondays at 09:00 (Europe/Berlin)');
    expect(lastText()).toContain('The first comes on Monday 8 March 2027, 09:00 (Europe/Berlin)');
  });

  it('a time that is not one is explained, and nothing changes', async () => {
    await inChannel('ada', 'digest weekly monday 25:00');
    expect(lastText()).toBe('I cannot read "25:00" as a time of day: write it as 09:00 or 9am.');
    await inChannel('ada', 'digest weekly at noon');
    expect(lastText()).toContain('Which day?');
  });

  it('`digest` shows this week’s digest now, and that it is scheduled', async () => {
    await inChannel('ada', 'digest');
    const text = cardText(cardsOf(connector.sent.at(-1)!)[0]);
    expect(text).toContain('Weekly Zero Trust digest');
    expect(text).toContain('Posted Mondays at 09:00 (Europe/Berlin)');
  });

  it('on Monday the owners of overdue items are reminded where the app is installed for them, then the digest is posted', async () => {
    // Grace and Bob have the app in a 1:1 chat; Carol does not. Bob has since removed it (Teams answers 403).
    await inPersonalChat('grace', 'hi');
    await inPersonalChat('bob', 'hi');
    connector.refuse('a:personal-bob', 403);
    const store = await createStore({ dataDir, azureContainer: '' });
    const checklists = checklistService(store, catalog);
    const scope = `team:${TEAM}`;
    const who = { by: '29:ada', byName: 'ada' };
    await checklists.set(scope, { checklist: list.id, item: items[0]!.id, to: 'done', at: '2027-03-03T10:00:00Z', ...who });
    await checklists.set(scope, { checklist: list.id, item: items[1]!.id, to: 'blocked', reason: 'no licences yet', at: '2027-03-03T11:00:00Z', ...who });
    await assignOwners(
      checklists,
      scope,
      list,
      [
        [2, 'grace'],
        [3, 'bob'],
        [4, 'carol'],
      ],
      { due: '2027-03-05', at: '2027-03-03T12:00:00Z', ...who },
    );
    // Sunday evening: nothing yet.
    now = new Date('2027-03-07T20:00:00Z');
    connector.reset();
    connector.refuse('a:personal-bob', 403);
    expect(await tick()).toEqual({ ran: [], failed: [] });
    expect(connector.sent).toHaveLength(0);

    // Monday 09:01 in Berlin.
    now = new Date('2027-03-08T08:01:00Z');
    expect((await tick()).ran).toEqual([`digest/${CHANNEL}`]);
    const [reminder] = sentTo('a:personal-grace');
    expect(cardText(cardsOf(reminder!)[0])).toMatch(/1 Zero Trust item overdue[\s\S]*item 3\*\*/);
    // Bob's 403: one attempt, no retries.
    expect(connector.attemptsTo('a:personal-bob')).toBe(1);
    const digest = cardText(cardsOf(sentTo(CHANNEL).at(-1)!)[0]);
    expect(digest).toContain('Moved this week');
    expect(digest).toContain('Not started → **Done** (ada)');
    expect(digest).toContain('no licences yet');
    expect(digest).toContain('Reminded in a 1:1 chat: grace.');
    expect(digest).toContain('bob was not reminded: the app is no longer installed for them.');
    expect(digest).toContain('carol was not reminded: the app is not installed in a 1:1 chat with them.');

    // Later that Monday: nothing more.
    now = new Date('2027-03-08T15:00:00Z');
    expect((await tick()).ran).toEqual([]);
    expect(sentTo(CHANNEL)).toHaveLength(1);
  });

  it('another channel of the team may have its own digest; an owner is still reminded once a week', async () => {
    const OTHER = '19:identity-wg@thread.tacv2';
    await inChannel('ada', 'digest weekly monday 10:00', 'Europe/Berlin', OTHER);
    connector.reset();
    connector.refuse('a:personal-bob', 403);
    for (const at of ['2027-03-15T08:01:00Z', '2027-03-15T09:01:00Z']) {
      now = new Date(at);
      await tick();
    }
    expect(sentTo(CHANNEL)).toHaveLength(1);
    expect(sentTo(OTHER)).toHaveLength(1);
    expect(sentTo('a:personal-grace')).toHaveLength(1);
    expect(cardText(cardsOf(sentTo(OTHER)[0]!)[0])).toContain('Reminded in a 1:1 chat: grace.');
    await inChannel('ada', 'digest off', 'Europe/Berlin', OTHER);
  });

  it('`stop the digest` stops it: the next Monday posts nothing', async () => {
    await inChannel('ada', 'stop the digest');
    expect(lastText()).toContain('The weekly digest is off here.');
    now = new Date('2027-03-22T08:30:00Z');
    connector.reset();
    expect((await tick()).ran).toEqual([]);
    expect(connector.sent).toHaveLength(0);
    await inChannel('ada', 'digest off');
    expect(lastText()).toBe('There is no weekly digest here to stop.');
  });

  it('without a time zone from Teams the time is UTC, and it says so; a phrased request works too', async () => {
    await inChannel('ada', 'send us a weekly digest on friday at 4pm', null);
    expect(lastText()).toContain('Fridays at 16:00 (UTC) (Teams did not send a time zone I know, so the time is UTC)');
  });

  it('help lists the digest commands', async () => {
    await inChannel('ada', 'help');
    expect(cardText(cardsOf(connector.sent.at(-1)!)[0])).toContain('digest weekly monday 09:00');
  });
});
