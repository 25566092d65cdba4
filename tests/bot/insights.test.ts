// Insights through the real bot (restify, CloudAdapter, a fake Bot Connector, files in a temp folder):
// each kind of miss is recorded, and each "not helpful" with the answer it was about; the records hold
// nobody's id or name; expired records are swept at start; INSIGHTS=off records nothing; and only admins,
// in a 1:1 chat, get the insights card.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerKind } from '../../src/cards/answer.js';
import { LOW_CONFIDENCE } from '../../src/insights/index.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import type { DayRecords } from '../../src/storage/insights.js';
import { FileStore } from '../../src/storage/file-store.js';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';
import { type TestApp, startTestApp } from '../helpers/app.js';

const ADMIN = '7d3c2a1b-0c4e-4a8e-9d55-3f1f2a6e9c10';
const today = () => new Date().toISOString().slice(0, 10);

let connector: FakeConnector;
let app: TestApp;
let knowledge: Knowledge;
const dataDir = mkdtempSync(join(tmpdir(), 'zt-insights-'));

beforeAll(async () => {
  // A record from long ago, as an earlier run would have left it: the sweep at start deletes it.
  await new FileStore(join(dataDir, 'kv')).put('insights/day/2020-01-06/misses', { misses: [], dropped: 0 });
  connector = await startFakeConnector();
  app = await startTestApp({ DATA_DIR: dataDir, ADMIN_IDS: `00000000-0000-0000-0000-000000000001, ${ADMIN.toUpperCase()}` });
  knowledge = await app.ready;
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
});
beforeEach(() => connector.reset());

/** Every record of the store as it is on disk: its key, its value, and the file's text. */
function storedFiles(dir = dataDir): { key: string; value: any; raw: string }[] {
  const kv = join(dir, 'kv');
  return readdirSync(kv)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const raw = readFileSync(join(kv, f), 'utf8');
      const { key, value } = JSON.parse(raw) as { key: string; value: unknown };
      return { key, value, raw };
    });
}

/** Today's record of a kind, once what the turns handed over is written. */
async function todays<K extends keyof DayRecords>(kind: K): Promise<DayRecords[K] | undefined> {
  await app.insights.flush();
  return storedFiles().find((f) => f.key === `insights/day/${today()}/${kind}`)?.value as DayRecords[K] | undefined;
}

/** A question @mentioning the bot in a channel (no welcome card there), from someone with a name. */
const ask = (text: string, user = 'alice') =>
  app.post(teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text, userId: `29:${user}`, userName: `${user} Example` }));

/** The first of these questions whose answer is of the kind wanted (the catalog decides, not this test). */
function questionFor(candidates: string[], fits: (kind: string, confidence: number) => boolean): string {
  const q = candidates.find((c) => {
    const r = knowledge.search(c, { limit: 4 });
    return fits(answerKind(r), r.results[0]?.confidence ?? 0);
  });
  if (!q) throw new Error(`none of ${JSON.stringify(candidates)} fits`);
  return q;
}

const CONFIDENT_QUESTION = 'how do we protect against ransomware';

describe('recording what went wrong', () => {
  it('records a question that found nothing, a "did you mean" and a low-confidence answer, and counts every question', async () => {
    const didYouMean = questionFor(['security stuff', 'reading list for a security architect', 'How should we back up?'], (k) => k === 'did-you-mean');
    const low = questionFor(
      ['how long does zero trust take', 'what about our coffee machine policy', 'secure admin workstations', 'backup strategy', 'sso for saas apps'],
      (k, c) => k === 'answer' && c < LOW_CONFIDENCE,
    );
    for (const q of ['xyzzy plugh frobnicate', didYouMean, low, CONFIDENT_QUESTION]) await ask(q);
    expect(connector.sent).toHaveLength(4);

    const misses = (await todays('misses'))!.misses;
    expect(misses.map((m) => [m.kind, m.query])).toEqual([
      ['no-results', 'xyzzy plugh frobnicate'],
      ['did-you-mean', didYouMean],
      ['low-confidence', low],
    ]);
    expect(misses[1]!.resultId).toBe(knowledge.search(didYouMean, { limit: 4 }).results[0]!.id);
    expect(misses[2]!.confidence).toBeLessThan(LOW_CONFIDENCE);
    expect(await todays('counts')).toMatchObject({ questions: 4, answered: 2, lowConfidence: 1, didYouMean: 1, noResults: 1 });
  });

  it('records a "Not helpful" click on the card with the answer it was about, the last vote of each person counting', async () => {
    await ask(CONFIDENT_QUESTION);
    const answer = connector.sent[0]!;
    const resultId = knowledge.search(CONFIDENT_QUESTION, { limit: 4 }).results[0]!.id;
    const click = (user: string, helpful: boolean) =>
      app.post({
        ...teamsMessage({ serviceUrl: connector.url, scope: 'channel', userId: `29:${user}`, userName: `${user} Example` }),
        replyToId: answer.id,
        value: { action: 'feedback', helpful, query: CONFIDENT_QUESTION, resultId },
      });
    await click('bob', false);
    const tallies = () => todays('votes').then((v) => Object.values(v!.answers).filter((t) => t.via === 'card'));
    expect(await tallies()).toEqual([expect.objectContaining({ query: CONFIDENT_QUESTION, resultId, helpful: 0, notHelpful: 1, via: 'card' })]);
    await click('bob', true);
    await click('carol', false);
    expect(await tallies()).toEqual([expect.objectContaining({ query: CONFIDENT_QUESTION, resultId, helpful: 1, notHelpful: 1, changes: 3 })]);
  });

  it("records Teams' own thumbs-down with the answer it was about, which Teams does not send", async () => {
    const question = 'how do I block legacy authentication';
    await ask(question);
    const answer = connector.sent[0]!;
    expect(answer.activity.channelData?.feedbackLoopEnabled).toBe(true);
    const { text: _t, ...base } = teamsMessage({ serviceUrl: connector.url, scope: 'channel', userId: '29:dave', userName: 'dave Example' });
    const res = await app.post({
      ...base,
      type: 'invoke',
      name: 'message/submitAction',
      replyToId: answer.id,
      value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"not what I asked"}' } },
    });
    expect(res.status).toBe(200);
    const votes = Object.values((await todays('votes'))!.answers).filter((t) => t.via === 'teams');
    expect(votes).toEqual([
      {
        query: question,
        resultId: knowledge.search(question, { limit: 4 }).results[0]!.id,
        helpful: 0,
        notHelpful: 1,
        changes: 1,
        at: expect.any(String),
        via: 'teams',
      },
    ]);
  });

  it("keeps nobody's id, name or conversation: people only as keyed hashes", async () => {
    await app.insights.flush();
    const insights = storedFiles().filter((f) => f.key.startsWith('insights/day/'));
    expect(insights.length).toBeGreaterThanOrEqual(4);
    const raw = insights.map((f) => f.raw).join('\n');
    for (const who of ['alice', 'bob', 'carol', 'dave', 'Example', '29:', 'aad-', 'tenant-1', '19:channel', 'thread.tacv2', 'not what I asked'])
      expect(raw).not.toContain(who);
    const misses = insights.find((f) => f.key.endsWith('/misses'))!.value.misses as { user: string }[];
    const salt = storedFiles().find((f) => f.key === 'insights/salt')!.value.salt as string;
    // Alice's Microsoft Entra object id, hashed with the deployment's salt: the same person, not who.
    const alice = createHmac('sha256', salt).update('user\naad-29:alice').digest('base64url').slice(0, 22);
    expect(misses.map((m) => m.user)).toEqual([alice, alice, alice]);
  });

  it('deleted the expired records at start', () => {
    expect(storedFiles().map((f) => f.key)).not.toContain('insights/day/2020-01-06/misses');
  });
});

describe('the insights command', () => {
  const as = (aadObjectId: string | undefined, scope: 'personal' | 'channel' = 'personal') => {
    const m = teamsMessage({ serviceUrl: connector.url, scope, text: 'insights', mentionBot: scope === 'channel', userId: '29:ada', userName: 'Ada Admin' });
    return app.post({ ...m, from: { id: '29:ada', name: 'Ada Admin', ...(aadObjectId ? { aadObjectId } : {}) } });
  };
  const last = () => connector.sent[connector.sent.length - 1]!;

  it('tells anyone who is not an admin that it is for admins, and shows nothing', async () => {
    for (const id of ['aad-29:alice', undefined]) {
      connector.reset();
      await as(id, 'channel');
      expect(connector.sent).toHaveLength(1);
      expect(last().activity.text).toBe('The insights command is for the admins of this bot.');
      expect(cardsOf(last())).toEqual([]);
    }
  });

  it('tells an admin in a channel to ask in a 1:1 chat', async () => {
    await as(ADMIN, 'channel');
    expect(last().activity.text).toMatch(/ask me for them in a 1:1 chat/);
    expect(cardsOf(last())).toEqual([]);
  });

  it('shows an admin the groups of unanswered questions, helpfulness per page and volume per week', async () => {
    await app.insights.flush();
    await as(ADMIN);
    const card = cardsOf(last())[0];
    const text = cardText(card);
    expect(text).toContain('Unanswered this week');
    expect(text).toMatch(/3 questions from 1 person/);
    expect(text).toContain('“xyzzy plugh frobnicate” · nothing found');
    const ransomware = knowledge.entry(knowledge.search(CONFIDENT_QUESTION, { limit: 4 }).results[0]!.id)!;
    const legacy = knowledge.entry(knowledge.search('how do I block legacy authentication', { limit: 4 }).results[0]!.id)!;
    expect(text).toContain('Helpfulness per page');
    expect(text).toContain(ransomware.title);
    expect(text).toContain(legacy.title);
    expect(text).toContain('Questions per week');
    expect(text).toMatch(/This week \(from \d+ \w+\)/);
    // Six questions were asked this week (the four of the first test, and one before each vote).
    const t = JSON.stringify(card);
    expect(t).toContain('"text":"6"');
  });
});

describe('with INSIGHTS=off', () => {
  it('records nothing, and the card says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-insights-off-'));
    const off = await startTestApp({ DATA_DIR: dir, INSIGHTS: 'off', ADMIN_IDS: ADMIN });
    try {
      const post = (text: string, from?: object) => {
        const m = teamsMessage({ serviceUrl: connector.url, scope: 'personal', text, userId: '29:erin' });
        return off.post(from ? { ...m, from } : m);
      };
      connector.reset();
      for (const q of ['xyzzy plugh frobnicate', 'security stuff', CONFIDENT_QUESTION]) await post(q);
      await off.insights.flush();
      expect(storedFiles(dir).filter((f) => f.key.startsWith('insights/'))).toEqual([]);
      await post('insights', { id: '29:ada', name: 'Ada', aadObjectId: ADMIN });
      expect(cardText(cardsOf(connector.sent[connector.sent.length - 1]!)[0])).toContain('Recording is off (INSIGHTS=off)');
    } finally {
      await off.stop();
    }
  });
});
