// Teaching the bot from Teams, through the real bot (restify, CloudAdapter, a fake Bot Connector, files in a
// temp folder): only admins may teach; a phrase is taught by entry id, by Learn link, or by words and a
// pick from the top results; a taught phrase changes the top result of a question that missed; `teach
// list` numbers the phrases and `teach remove` takes one away; the record names nobody.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/command-parser.js';
import { answerKind } from '../../src/cards/answer.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import { TAUGHT_CONFIDENCE } from '../../src/knowledge/taught.js';
import { TAUGHT_KEY } from '../../src/storage/taught.js';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';
import { type TestApp, startTestApp } from '../helpers/app.js';

const ADMIN = '7d3c2a1b-0c4e-4a8e-9d55-3f1f2a6e9c10';
const MISSED = 'tell me about security stuff';

let connector: FakeConnector;
let app: TestApp;
let knowledge: Knowledge;
const dataDir = mkdtempSync(join(tmpdir(), 'zt-teach-'));

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({ DATA_DIR: dataDir, ADMIN_IDS: ADMIN });
  knowledge = await app.ready;
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
});
beforeEach(() => connector.reset());

/** A message in a channel (@mentioning the bot), from the admin or from someone else. */
const say = (text: string, who: 'admin' | 'alice' = 'admin') => {
  const m = teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text, userId: `29:${who}` });
  return app.post(who === 'admin' ? { ...m, from: { id: '29:ada', name: 'Ada Admin', aadObjectId: ADMIN } } : m);
};
/** A click on a card button that sends `action`. */
const click = (action: string) => {
  const { text: _t, ...m } = teamsMessage({ serviceUrl: connector.url, scope: 'channel', userId: '29:ada' });
  return app.post({ ...m, from: { id: '29:ada', name: 'Ada Admin', aadObjectId: ADMIN }, value: { action } });
};
const reply = () => connector.sent[connector.sent.length - 1]!;
const replyText = () => reply().activity.text as string;
const top = (q: string) => knowledge.search(q, { limit: 4 }).results[0]!;

/** The taught record as it is on disk. */
function storedRecord(): { raw: string; value: { phrases: { phrase: string; entry: string; by: string; at: string }[] } } | undefined {
  const kv = join(dataDir, 'kv');
  for (const f of readdirSync(kv).filter((n) => n.endsWith('.json'))) {
    const raw = readFileSync(join(kv, f), 'utf8');
    const parsed = JSON.parse(raw) as { key: string; value: any };
    if (parsed.key === TAUGHT_KEY) return { raw, value: parsed.value };
  }
  return undefined;
}

describe('who may teach', () => {
  it('tells anyone who is not an admin that teach is for admins, and keeps nothing', async () => {
    await say('teach security stuff => ramp:overview', 'alice');
    expect(connector.sent).toHaveLength(1);
    expect(replyText()).toBe('The teach command is for the admins of this bot.');
    await say('teach list', 'alice');
    expect(replyText()).toBe('The teach command is for the admins of this bot.');
    expect(storedRecord()).toBeUndefined();
  });

  it('is typed as "teach", with no typo forgiven: "each" and "reach" start questions', () => {
    expect(parseCommand('please teach list')).toEqual({ name: 'teach', args: 'list' });
    for (const q of ['reach out to the identity team', 'each of the pillars explained', 'teech list']) expect(parseCommand(q)?.name, q).not.toBe('teach');
  });

  it('answers "teach me about ..." as a question, for anyone', async () => {
    await say('teach me about conditional access', 'alice');
    expect(cardsOf(reply())).toHaveLength(1);
    expect(answerKind(knowledge.search('teach me about conditional access', { limit: 4 }))).toBe('answer');
  });
});

describe('teaching a phrase', () => {
  it('by entry id: the question that missed now gets that page first, with the other results below it', async () => {
    const before = knowledge.search(MISSED, { limit: 4 });
    expect(answerKind(before)).toBe('did-you-mean');
    expect(before.results[0]!.id).not.toBe('ramp:overview');

    await say('teach security stuff => ramp:overview');
    expect(replyText()).toMatch(/^Taught: questions with “security stuff” now get \[.+\]\(.+\) \(`ramp:overview`\) first/);

    const after = knowledge.search(MISSED, { limit: 4 });
    expect(answerKind(after)).toBe('answer');
    expect(after.results[0]).toMatchObject({ id: 'ramp:overview', confidence: TAUGHT_CONFIDENCE });
    expect(after.results.length).toBeGreaterThan(1);
    for (const r of after.results.slice(1)) expect(r.confidence).toBeLessThan(TAUGHT_CONFIDENCE);
    // The words in another order, and stemmed, match too; a question without all of them does not.
    expect(top('any stuff on security?').id).toBe('ramp:overview');
    expect(top('securing all our stuff').id).toBe('ramp:overview');
    expect(knowledge.search('security baselines for servers', { limit: 4 }).results[0]?.id).not.toBe('ramp:overview');

    // And the person asking gets that answer, in a chat and in the compose box.
    await say(MISSED, 'alice');
    expect(cardText(cardsOf(reply())[0])).toContain(knowledge.entry('ramp:overview')!.title);
    const { text: _t, ...base } = teamsMessage({ serviceUrl: connector.url, scope: 'groupChat' });
    const res = await app.post({
      ...base,
      type: 'invoke',
      name: 'composeExtension/query',
      value: { commandId: 'searchGuidance', parameters: [{ name: 'query', value: MISSED }], queryOptions: { skip: 0, count: 5 } },
    });
    const first = (await res.json()).composeExtension.attachments[0];
    expect(cardText(first.content)).toContain(knowledge.entry('ramp:overview')!.title);
  });

  it('by a Learn link (with a locale): the entry that stands for the page', async () => {
    await say('teach block legacy sign-ins => https://learn.microsoft.com/en-us/security/zero-trust/deploy/identity');
    expect(replyText()).toContain('(`pillar:identity`)');
    expect(top('how to block legacy sign-ins').id).toBe('pillar:identity');
    await say('teach coffee => https://example.com/coffee');
    expect(replyText()).toMatch(/is not a page of the Zero Trust guidance that I know/);
  });

  it('by words: a picker of the top results, whose button teaches the phrase', async () => {
    await say('teach restore plan => ransomware protection');
    const card = cardsOf(reply())[0];
    const actions = (card.actions as { title: string; data: { action: string } }[]).map((a) => a.data.action);
    const expected = knowledge.search('ransomware protection', { limit: 5, excerpt: false }).results.map((r) => `teach restore plan => ${r.id}`);
    expect(actions).toEqual(expected);
    expect(storedRecord()!.value.phrases.map((p) => p.phrase)).not.toContain('restore plan');

    await click(actions[0]!);
    expect(replyText()).toMatch(/^Taught: questions with “restore plan”/);
    expect(top('we need a restore plan').id).toBe(expected[0]!.replace('teach restore plan => ', ''));
  });

  it('keeps applying what was taught after a docs refresh swaps the knowledge', async () => {
    await app.reloadDocs();
    const restore = knowledge.entry(top('we need a restore plan').id)!;
    await say('we need a restore plan', 'alice');
    expect(cardText(cardsOf(reply())[0])).toContain(restore.title);
    await say(MISSED, 'alice');
    expect(cardText(cardsOf(reply())[0])).toContain(knowledge.entry('ramp:overview')!.title);
  });

  it('refuses a phrase that is too long', async () => {
    await say(`teach ${'zero trust '.repeat(20)}=> pillar:identity`);
    expect(replyText()).toMatch(/at most 200 characters/);
  });

  it('keeps who taught it as a keyed hash only', () => {
    const { raw, value } = storedRecord()!;
    expect(value.phrases).toHaveLength(3);
    expect(value.phrases[0]).toEqual({ phrase: 'security stuff', entry: 'ramp:overview', by: expect.any(String), at: expect.any(String) });
    for (const who of [ADMIN, 'Ada', '29:ada']) expect(raw).not.toContain(who);
  });
});

describe('from the insights card', () => {
  it("a group's teach button opens the picker for its words, and a pick teaches them", async () => {
    await say('passkeys for the frontline kiosk crew', 'alice');
    await app.insights.flush();
    const m = teamsMessage({ serviceUrl: connector.url, scope: 'personal', text: 'insights', userId: '29:ada' });
    await app.post({ ...m, from: { id: '29:ada', name: 'Ada Admin', aadObjectId: ADMIN } });
    const insights = cardsOf(reply())[0];
    const teachButtons: string[] = JSON.stringify(insights)
      .match(/"action":"teach [^"]+"/g)!
      .map((a) => JSON.parse(`{${a}}`).action);
    const button = teachButtons.find((a) => a.includes('passkeys'))!;
    expect(button).toMatch(/^teach (.+) => \1$/);

    await click(button);
    const picks = (cardsOf(reply())[0].actions as { data: { action: string } }[]).map((a) => a.data.action);
    expect(picks.length).toBeGreaterThan(0);
    await click(picks[0]!);
    expect(replyText()).toMatch(/^Taught: questions with “.*passkeys.*”/);
    await say('teach remove 4');
    expect(replyText()).toMatch(/^Removed “.*passkeys.*”/);
  });
});

describe('teach list and teach remove', () => {
  it('lists the phrases with numbers, and removes one by number and one by phrase', async () => {
    await say('teach list');
    const lines = replyText()
      .split('\n')
      .filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^1\. “security stuff” → \[.+\]\(.+\) \(`ramp:overview`\)$/);
    expect(lines[1]).toMatch(/^2\. “block legacy sign-ins” → .*\(`pillar:identity`\)$/);
    expect(lines[2]).toMatch(/^3\. “restore plan” → /);

    await say('teach remove 2');
    expect(replyText()).toBe('Removed “block legacy sign-ins” (it led to `pillar:identity`).');
    await say('teach remove Security  Stuff');
    expect(replyText()).toBe('Removed “security stuff” (it led to `ramp:overview`).');
    await say('teach remove nothing like it');
    expect(replyText()).toMatch(/^No taught phrase “nothing like it”/);

    await say('teach list');
    expect(
      replyText()
        .split('\n')
        .filter((l) => /^\d+\. /.test(l)),
    ).toEqual([expect.stringMatching(/^1\. “restore plan”/)]);
    // The question misses again, as before it was taught.
    expect(answerKind(knowledge.search(MISSED, { limit: 4 }))).toBe('did-you-mean');
  });
});
