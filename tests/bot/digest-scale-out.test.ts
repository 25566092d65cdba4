// Two bot processes on one store, over ten weeks of a team's rhythm that the test's clock runs in seconds:
// every Monday at 09:00 (Berlin, across the change to summer time) both look for the digest at the same
// moments, and each digest and each reminder is posted exactly once. Then every process is down for three
// Mondays: the two that come back post one digest between them, not three. On files and on Azure Blob
// storage (Azurite). The counts are printed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistService } from '../../src/checklist/service.js';
import { numberedItems } from '../../src/checklist/progress.js';
import { nextDue } from '../../src/schedule/weekly.js';
import { createStore } from '../../src/storage/index.js';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';
import { catalog } from '../checklist/history-helpers.js';
import { type Azurite, startAzurite } from '../helpers/azurite.js';
import { type ClockedBot, startClockedBot } from '../helpers/clocked-process.js';
import { assignOwners } from '../helpers/checklist-team.js';

const CHANNEL = '19:programme@thread.tacv2';
const TEAM = '19:team-programme@thread.tacv2';
const WEEKLY = { day: 'monday', time: '09:00', zone: 'Europe/Berlin' } as const;
const START = new Date('2027-03-02T10:00:00Z'); // a Tuesday; summer time starts on 28 March
const WEEKS = 10;
const MISSED = 3;
const list = catalog.checklists.find((l) => l.id === 'validate-trust')!;
const items = numberedItems(list).map((x) => x.item);
const DAY = 86_400_000;

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

type StoreKind = { name: string; env: () => Record<string, string> };

async function weeksOnOneStore(kind: StoreKind) {
  const connector: FakeConnector = await startFakeConnector();
  const env: Record<string, string> = { DATA_DIR: mkdtempSync(join(tmpdir(), 'zt-rhythm-')), ...kind.env() };
  const store = await createStore({
    dataDir: env.DATA_DIR!,
    azureConnectionString: env.AZURE_STORAGE_CONNECTION_STRING,
    azureContainer: env.AZURE_STORAGE_CONTAINER ?? '',
  });
  const checklists = checklistService(store, catalog);
  const scope = `team:${TEAM}`;
  const ada = { by: '29:ada', byName: 'Ada' };
  let [a, b]: [ClockedBot, ClockedBot] = await Promise.all([startClockedBot(env, START), startClockedBot(env, START)]);
  try {
    // Ada asks for the digest on one instance; Grace and Bob have the app in 1:1 chats (met by the other).
    const sent = connector.sent.length;
    const inChannel = teamsMessage({
      serviceUrl: connector.url,
      scope: 'channel',
      conversationId: `${CHANNEL};messageid=1`,
      userId: '29:ada',
      userName: 'Ada',
      text: 'digest weekly monday 09:00',
      mentionBot: true,
    });
    await a.post({ ...inChannel, channelData: { team: { id: TEAM }, channel: { id: CHANNEL } }, localTimezone: WEEKLY.zone });
    for (const user of ['grace', 'bob'])
      await b.post(
        teamsMessage({ serviceUrl: connector.url, scope: 'personal', conversationId: `a:personal-${user}`, userId: `29:${user}`, userName: user, text: 'hi' }),
      );
    await connector.waitFor(sent + 3);
    expect(connector.sent.find((s) => s.conversationId.startsWith(CHANNEL))!.activity.text).toContain('Mondays at 09:00 (Europe/Berlin)');
    connector.reset();
    // Bob has removed the app since: Teams answers 403 for his chat.
    connector.refuse('a:personal-bob', 403);
    // Grace's and Bob's items are overdue from the first week on, and stay so.
    await assignOwners(
      checklists,
      scope,
      list,
      [
        [0, 'grace'],
        [1, 'bob'],
      ],
      { due: '2027-03-05', at: START.toISOString(), ...ada },
    );

    /** Both instances look at the same moments around the occurrence, as their timers would. */
    const ticksAround = async (due: Date) => {
      for (const offset of [-60_000, 60_000, 90_000, 3 * 3_600_000, DAY]) {
        const at = new Date(due.getTime() + offset);
        await Promise.all([a.tickAt(at), b.tickAt(at)]);
      }
    };
    const dues: Date[] = [];
    for (let w = 0; w < WEEKS; w++) {
      const due = nextDue(WEEKLY, new Date(START.getTime() + w * 7 * DAY));
      dues.push(due);
      // Something moves every week (on the Thursday before).
      await checklists.set(scope, { checklist: list.id, item: items[2 + w]!.id, to: 'done', at: new Date(due.getTime() - 4 * DAY).toISOString(), ...ada });
      await ticksAround(due);
    }
    const digests = () => connector.sent.filter((s) => s.conversationId === CHANNEL && cardText(cardsOf(s)[0]).includes('Weekly Zero Trust digest'));
    const reminders = () => connector.sent.filter((s) => s.conversationId === 'a:personal-grace');
    const counts = { digests: digests().length, reminders: reminders().length, bobAttempts: connector.attemptsTo('a:personal-bob') };
    // Each week's digest names its own week, and the item done in it.
    const weeks = digests().map((s) => cardText(cardsOf(s)[0]).split('\n')[1]);

    // Every instance down for three Mondays; two come back.
    await Promise.all([a.stop(), b.stop()]);
    const back = new Date(dues.at(-1)!.getTime() + MISSED * 7 * DAY + 2 * 3_600_000);
    [a, b] = await Promise.all([startClockedBot(env, back), startClockedBot(env, back)]);
    connector.reset();
    for (const offset of [0, 60_000, 3_600_000]) {
      const at = new Date(back.getTime() + offset);
      await Promise.all([a.tickAt(at), b.tickAt(at)]);
    }
    const afterRestart = { digests: digests().length, reminders: reminders().length };
    const catchUp = digests()[0] ? cardText(cardsOf(digests()[0]!)[0]) : '';
    console.log(
      `${kind.name}: ${WEEKS} weeks, 2 processes, ${WEEKS * 5 * 2} ticks -> ${counts.digests} digests, ${counts.reminders} reminders to Grace, ` +
        `${counts.bobAttempts} attempt to Bob's chat (403); after ${MISSED} missed Mondays -> ${afterRestart.digests} digest, ${afterRestart.reminders} reminder`,
    );
    return { counts, weeks, afterRestart, catchUp, dues };
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await connector.close();
  }
}

const kinds: StoreKind[] = [
  { name: 'files', env: () => ({}) },
  { name: 'Azure Blob (Azurite)', env: () => ({ AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: `rhythm-${Date.now()}` }) },
];

describe.each(kinds)('two bot processes on $name', (kind) => {
  it('post each weekly digest and reminder exactly once, and one digest after three missed weeks', async () => {
    const { counts, weeks, afterRestart, catchUp } = await weeksOnOneStore(kind);
    expect(counts).toEqual({ digests: WEEKS, reminders: WEEKS, bobAttempts: 1 });
    expect(new Set(weeks).size).toBe(WEEKS);
    expect(afterRestart).toEqual({ digests: 1, reminders: 1 });
    // The digest after the gap covers the weeks since the last one that was posted.
    expect(catchUp).toMatch(/Overdue/);
    expect(catchUp).toContain('bob was not reminded: the app is not installed in a 1:1 chat with them.');
  }, 120_000);
});
