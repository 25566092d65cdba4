// A team running its Zero Trust programme on the RaMP checklist cards in a channel, over HTTP with a fake
// Bot Connector: the programme's statuses, Blocked with its reason, a click from an out-of-date card, and
// every card of a checklist kept current after a change. Each test is a team of its own.
import { describe, expect, it } from 'vitest';
import { cardText, cardsOf } from '../../src/testkit/fake-connector.js';
import { appWithConnector } from '../helpers/app.js';
import { type Card, checklistTeams, itemOf, nodes } from '../helpers/checklist-team.js';

const KEY = 'test-notify-key-0123456789abcdef';
const ZONE = 'Europe/London';
const env = appWithConnector({ NOTIFY_API_KEY: KEY });
const { team, idOf, sentSince } = checklistTeams(env, KEY, ZONE);

/** The first item number on a card. */
const firstNumber = (card: Card) => Number(/\*\*(\d+)\.\*\*/.exec(cardText(card))![1]);

/** What Teams sends for a click on item n's Set button: the button's data and every input of the card. */
function clickData(card: Card, n: number, status: string, reason = ''): Record<string, unknown> {
  const inputs = Object.fromEntries(
    nodes(card).flatMap((x) => (x.type === 'Input.ChoiceSet' ? [[x.id, x.value]] : x.type === 'Input.Text' ? [[x.id, '']] : [])),
  );
  const { set: data } = itemOf(card, n);
  return { ...inputs, ...data, [`status-${data.item}`]: status, [`reason-${data.item}`]: reason };
}

/**
 * The connector is never reset in this file, so what it received is numbered from its start: it answered
 * request i with the id "sent-<i + 1>".
 */

describe('a team ticks items off with the programme’s statuses', () => {
  it('Not applicable and Risk accepted leave "N of M": the card, progress and the API agree', async () => {
    const t = await team('totals');
    const { card, id } = (await t.post('ransomware'))[0]!;
    let now = card!;
    for (const [n, status] of [
      [1, 'done'],
      [2, 'not-applicable'],
      [3, 'risk-accepted'],
      [4, 'third-party'],
    ] as const) {
      now = (await t.execute('ada', id, 'checklist.set', clickData(now, n, status))).value;
    }
    expect(cardText(now)).toContain('1 of 3 done · 1 not applicable · 1 risk accepted');
    expect(itemOf(now, 4).texts).toMatch(/🤝 \*\*4\.\*\*[\s\S]*Third party \(ada, /);

    const [progress] = await t.replies('ada', 'progress');
    expect(cardText(cardsOf(progress!)[0])).toMatch(/Ransomware recovery readiness\n1 of 3 done · 1 not applicable · 1 risk accepted/);
    const [md] = await t.replies('ada', 'export');
    expect(md!.activity.text).toContain('**Ransomware recovery readiness**: 1 of 3 done (1 not applicable, 1 risk accepted)');
    const json = await t.progress();
    expect(json.checklists.find((c: { id: string }) => c.id === 'ransomware-recovery-readiness')).toMatchObject({ done: 1, total: 3, items: 5 });
  });

  it('Blocked without a reason is refused with a clear reply, and nothing changes', async () => {
    const t = await team('no-reason');
    const { card, id } = (await t.post('ransomware'))[0]!;
    const before = await t.progress();
    const start = env.connector.sent.length;
    const answer = await t.execute('grace', id, 'checklist.set', clickData(card, 5, 'blocked', '   '));
    expect(answer.statusCode).toBe(200);
    const item = itemOf(answer.value, 5).texts;
    expect(item).toContain('Blocked needs a reason: type a short one (for example "waiting for licences") in the box beside the status, then click Set.');
    expect(item).toContain('Role: Microsoft 365 productivity administrator · Not started');
    expect(sentSince(start)).toEqual([]);
    // An older client's click gets the same answer as a reply in the channel.
    await t.submit('grace', id, 'checklist.set', clickData(card, 5, 'blocked'));
    const replies = sentSince(start).filter((s) => s.method === 'POST');
    expect(replies.map((s) => s.activity.text)).toEqual([expect.stringMatching(/^grace: Blocked needs a reason: /)]);
    expect(await t.progress()).toEqual(before);
  });

  it('Blocked with a reason keeps it, and shows it on the item, in progress, in the export and in the API', async () => {
    const t = await team('reason');
    const { card, id } = (await t.post('ransomware'))[0]!;
    const answer = await t.execute('grace', id, 'checklist.set', clickData(card, 5, 'blocked', 'waiting for the OneDrive licences'));
    expect(itemOf(answer.value, 5).texts).toMatch(/⛔ \*\*5\.\*\*[\s\S]*Blocked \(grace, .*\)\nReason: waiting for the OneDrive licences$/);

    const [progress] = await t.replies('grace', 'progress');
    expect(cardText(cardsOf(progress!)[0])).toMatch(
      /\nBlocked\n⛔ \*\*Ransomware recovery readiness, item 5\*\*: .* · waiting for the OneDrive licences \(grace, /,
    );

    const [md, csv] = (await t.replies('grace', 'export')).map((s) => s.activity.text as string);
    expect(md).toMatch(/\| 5 \| Secure backups \| .* \| Blocked: waiting for the OneDrive licences \| {2}\| {2}\| {2}\|/);
    expect(csv).toMatch(/,5,.*,Blocked,grace,[^,]+,waiting for the OneDrive licences,,,\r\n/);

    const json = await t.progress();
    const key = `ransomware-recovery-readiness/${itemOf(card, 5).set.item}`;
    expect(json.items[key]).toMatchObject({ status: 'blocked', by: 'grace', reason: 'waiting for the OneDrive licences' });
    expect(json.history.at(-1)).toMatchObject({ to: 'blocked', reason: 'waiting for the OneDrive licences' });
  });
});

describe('a click from an out-of-date card', () => {
  it('changes nothing, shows the item as it is and who changed it when; clicking again from that card applies', async () => {
    const t = await team('stale');
    // Ada and Grace both see the card as posted; Ada sets item 3 to Done from hers.
    const { card: posted, id } = (await t.post('ransomware'))[0]!;
    const ada = await t.execute('ada', id, 'checklist.set', clickData(posted, 3, 'done'));
    expect(itemOf(ada.value, 3).texts).toContain('Done (ada, ');
    const before = await t.progress();
    const at: string = before.items[`ransomware-recovery-readiness/${itemOf(posted, 3).set.item}`].at;
    const clock = new Date(at).toLocaleTimeString('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });

    // Grace's card still shows item 3 Not started: her click on In progress is not applied.
    const start = env.connector.sent.length;
    const stale = await t.execute('grace', id, 'checklist.set', clickData(posted, 3, 'in-progress'));
    expect(stale.statusCode).toBe(200);
    const item = itemOf(stale.value, 3).texts;
    expect(item).toContain('✅ **3.**');
    expect(item).toContain('Done (ada, ');
    expect(item).toContain(`ada set item 3 to Done at ${clock}; your click (In progress) was not applied. Click again to change it.`);
    expect(sentSince(start)).toEqual([]); // nobody else's card changes
    expect(await t.progress()).toEqual(before);

    // The card she has now shows Done: from it, her click applies.
    const again = await t.execute('grace', id, 'checklist.set', clickData(stale.value, 3, 'in-progress'));
    expect(itemOf(again.value, 3).texts).toMatch(/🔄 \*\*3\.\*\*[\s\S]*In progress \(grace, /);
    expect(itemOf(again.value, 3).texts).not.toContain('was not applied');
    expect((await t.progress()).totalChanges).toBe(before.totalChanges + 1);
  });

  it('from an older client: the card is brought up to date for everyone, and the reply names whose click was not applied', async () => {
    const t = await team('stale-submit');
    const { card, id } = (await t.post('ransomware'))[0]!;
    await t.execute('ada', id, 'checklist.set', clickData(card, 1, 'in-progress'));
    const before = await t.progress();
    const start = env.connector.sent.length;
    await t.submit('grace', id, 'checklist.set', clickData(card, 1, 'planned'));
    const [update, reply] = sentSince(start);
    expect(update!.method).toBe('PUT');
    expect(update!.replyToId).toBe(id);
    expect(itemOf(cardsOf(update!)[0], 1).texts).toContain('In progress (ada, ');
    expect(reply!.activity.text).toMatch(
      /^grace: ada set item 1 to In progress at \d\d:\d\d; your click \(Planned\) was not applied\. Click again to change it\.$/,
    );
    expect(await t.progress()).toEqual(before);
  });
});

describe('a change refreshes every card of the checklist in the conversation', () => {
  it('a click on one area card updates all of that checklist’s cards, totals included', async () => {
    const t = await team('all-cards');
    const cards = await t.post('validate trust');
    expect(cards).toHaveLength(4);
    const endpoints = cards[1]!;
    const start = env.connector.sent.length;
    await t.execute('ada', endpoints.id, 'checklist.set', clickData(endpoints.card, firstNumber(endpoints.card), 'done'));
    const updates = sentSince(start);
    expect(updates.every((u) => u.method === 'PUT' && u.conversationId === t.thread)).toBe(true);
    expect(updates.map((u) => u.replyToId).sort()).toEqual(cards.map((c) => c.id).sort());
    for (const u of updates) expect(cardText(cardsOf(u)[0])).toMatch(/ · 1 of 27 in the checklist/);
  });

  it('cards posted by the notify API, each a post of its own, are updated where they were posted', async () => {
    const t = await team('notify');
    const start = env.connector.sent.length;
    const res = await fetch(`${env.app.url}/api/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ conversationId: t.thread, checklist: 'data protection' }),
    });
    const { activityIds } = (await res.json()) as { activityIds: string[] };
    const cards = sentSince(start).map((s) => cardsOf(s)[0]);
    expect(sentSince(start).map(idOf)).toEqual(activityIds);

    // A click on the second card comes from that post's own thread.
    const clicked = activityIds[1]!;
    const after = env.connector.sent.length;
    await t.execute('ada', clicked, 'checklist.set', clickData(cards[1], firstNumber(cards[1]), 'done'), `${t.channel};messageid=${clicked}`);
    const updates = sentSince(after);
    expect(updates.map((u) => u.replyToId).sort()).toEqual([...activityIds].sort());
    expect(updates.filter((u) => u.replyToId !== clicked).map((u) => u.conversationId)).toEqual(activityIds.slice(1).map(() => t.channel));
    for (const u of updates) expect(cardText(cardsOf(u)[0])).toMatch(/1 of 17 in the checklist/);
  });
});
