// Helpful / Not helpful on an answer in a channel: one vote per person per answer, the last one counts, and
// the answer card shows the tally, updated in place; nobody in the channel gets a thank-you message.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';

let connector: FakeConnector;
let app: TestApp;
const dataDir = mkdtempSync(join(tmpdir(), 'zt-feedback-'));

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
});
beforeEach(() => connector.reset());

/** The store's files of votes, as they are on disk. */
function voteFiles(): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else files.push(join(d, e.name));
    }
  };
  walk(join(dataDir, 'kv'));
  return files.filter((f) => f.includes('votes'));
}

/** A click on the answer card's feedback button, as Teams sends an Action.Submit from message `answer-1`. */
const vote = (user: string, helpful: boolean) =>
  app.post({
    ...teamsMessage({ serviceUrl: connector.url, scope: 'channel', userId: `29:${user}`, userName: user }),
    text: undefined,
    entities: [],
    replyToId: 'answer-1',
    value: { action: 'feedback', helpful, query: 'how do we protect against ransomware', resultId: 'checklist:ransomware-recovery-readiness' },
  });

describe('feedback on an answer in a channel', () => {
  it('updates the answer card with the tally, and posts nothing to the channel', async () => {
    await vote('alice', true);
    const [update] = await connector.waitFor(1);
    expect(update!.method).toBe('PUT');
    expect(update!.path).toMatch(/\/activities\/answer-1$/);
    expect(cardText(cardsOf(update!)[0])).toMatch(/Helpful for 1 person · not helpful for 0 people/);
  });

  it('counts one vote per person, the last one', async () => {
    await vote('alice', false);
    await vote('bob', true);
    const sent = await connector.waitFor(2);
    expect(sent.map((s) => s.method)).toEqual(['PUT', 'PUT']);
    expect(cardText(cardsOf(sent[1]!)[0])).toMatch(/Helpful for 1 person · not helpful for 1 person/);
  });

  it("keeps votes without anyone's id in the clear", () => {
    const files = voteFiles();
    const votes = files;
    expect(votes).toHaveLength(1);
    const raw = readFileSync(votes[0]!, 'utf8');
    expect(raw).not.toMatch(/alice|bob|29:/);
    expect(raw).toContain('how do we protect against ransomware');
  });
});

describe("Teams' own feedback loop on answers", () => {
  const nativeVote = (user: string, reaction: unknown) => {
    const { text: _t, ...base } = teamsMessage({ serviceUrl: connector.url, scope: 'channel', userId: `29:${user}`, userName: user }) as Record<
      string,
      unknown
    >;
    return app.post({
      ...base,
      type: 'invoke',
      name: 'message/submitAction',
      replyToId: 'answer-2',
      value: { actionName: 'feedback', actionValue: { reaction, feedback: JSON.stringify({ feedbackText: 'more on backups please' }) } },
    });
  };

  it('is turned on for answer messages', async () => {
    await app.post(teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text: 'how do we protect against ransomware' }));
    const [reply] = await connector.waitFor(1);
    expect(reply!.activity.channelData?.feedbackLoopEnabled).toBe(true);
  });

  it('answers its invoke with 200, posts nothing, and keeps one vote per person, the last one', async () => {
    for (const [user, reaction] of [
      ['carol', 'like'],
      ['carol', 'dislike'],
      ['dave', 'like'],
    ] as const) {
      const res = await nativeVote(user, reaction);
      expect(res.status).toBe(200);
    }
    expect(connector.sent).toEqual([]);
    const files = voteFiles();
    const records = files.map((f) => JSON.parse(readFileSync(f, 'utf8')).value as { votes: Record<string, boolean> });
    const tallies = records.map((r) => Object.values(r.votes).sort());
    // The channel's earlier answer (three clicks, two people) and this one (three reactions, two people).
    expect(tallies).toContainEqual([false, true]);
    expect(records.every((r) => Object.keys(r.votes).length === 2)).toBe(true);
  });

  it('refuses a reaction that is not like or dislike', async () => {
    const res = await nativeVote('erin', 'meh');
    expect(res.status).toBe(400);
  });
});
