// A team gives checklist items owners, due dates and notes in a channel, over HTTP with a fake Bot
// Connector: "Owner, date, note" opens the item's editor on the clicker's card, Save applies it and updates
// every card of the checklist, and the export and the progress API show it. A bad date and an edit from an
// out-of-date editor change nothing. Each test is a team of its own.
import { describe, expect, it } from 'vitest';
import { cardText, cardsOf } from '../../src/testkit/fake-connector.js';
import { appWithConnector } from '../helpers/app.js';
import { type Card, checklistTeams, itemOf, nodes } from '../helpers/checklist-team.js';

const KEY = 'test-notify-key-0123456789abcdef';
const ZONE = 'Europe/London';
const env = appWithConnector({ NOTIFY_API_KEY: KEY });
const { team, idOf, sentSince } = checklistTeams(env, KEY, ZONE);

/** The owner picker, date and note of an editor card. */
function editorOf(card: Card) {
  const input = (type: string, prefix: string) => nodes(card).find((x) => x.type === type && String(x.id).startsWith(prefix))!;
  return { owner: input('Input.ChoiceSet', 'owner-'), due: input('Input.Date', 'due-'), note: input('Input.Text', 'note-') };
}

/** What Teams sends for Save on an editor: the button's data and the inputs as filled in. */
function saveData(editor: Card, n: number, values: { owner?: string; due?: string; note?: string }) {
  const { owner, due, note } = editorOf(editor);
  return {
    ...itemOf(editor, n).save,
    [owner.id]: values.owner ?? owner.value ?? '',
    [due.id]: values.due ?? due.value ?? '',
    [note.id]: values.note ?? note.value ?? '',
  };
}

describe('owner, due date and note on the checklist card', () => {
  it('round trip: the editor, Save, every card updated, progress, the exports and the API', async () => {
    const t = await team('owners');
    const cards = await t.post('validate trust');
    const { card, id } = cards[0]!;
    // Ada and Grace tick items, so both are people seen in the conversation.
    await t.execute('ada', id, 'checklist.set', { ...itemOf(card, 1).set, [`status-${itemOf(card, 1).set.item}`]: 'done' });
    const afterGrace = await t.execute('grace', id, 'checklist.set', { ...itemOf(card, 2).set, [`status-${itemOf(card, 2).set.item}`]: 'in-progress' });

    // Grace opens item 2's editor: Teams' people picker, with Ada and herself listed for clients without it.
    const opened = await t.execute('grace', id, 'checklist.details', itemOf(afterGrace.value, 2).details);
    const editor = opened.value;
    expect(cardText(editor)).toContain('Owner, due date and note of item 2');
    expect(cardText(editor)).not.toContain('**1.**');
    const { owner, due, note } = editorOf(editor);
    expect(owner['choices.data']).toEqual({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
    expect(owner.choices).toEqual([
      { title: 'grace', value: 'aad-29:grace' },
      { title: 'ada', value: 'aad-29:ada' },
    ]);
    expect(due.type).toBe('Input.Date');
    expect(note.maxLength).toBe(200);

    // She makes Ada the owner, due 12 December 2026, with a note.
    const start = env.connector.sent.length;
    const saved = await t.execute('grace', id, 'checklist.save', saveData(editor, 2, { owner: 'aad-29:ada', due: '2026-12-12', note: 'pilot group first' }));
    const item = itemOf(saved.value, 2).texts;
    expect(item).toContain('Owner: ada · due 12 Dec 2026');
    expect(item).toContain('Note: pilot group first');
    // Every card of the checklist is updated for everyone.
    expect(
      sentSince(start)
        .map((s) => s.replyToId)
        .sort(),
    ).toEqual(cards.map((c) => c.id).sort());
    expect(itemOf(cardsOf(sentSince(start).find((s) => s.replyToId === id)!)[0], 2).texts).toContain('Owner: ada · due 12 Dec 2026');

    // Progress, the exports and the API.
    const [progress] = await t.replies('ada', 'progress');
    expect(cardText(cardsOf(progress!)[0])).toMatch(/Owners and due dates\n.*item 2\*\*: .* · Owner: ada · due 12 Dec 2026 · In progress/);
    const [md, csv] = (await t.replies('ada', 'export')).map((s) => s.activity.text as string);
    expect(md).toMatch(/\| 2 \| .* \| In progress \| ada \| 2026-12-12 \| pilot group first \|/);
    expect(csv).toMatch(/,2,.*,In progress,grace,[^,]+,,ada,2026-12-12,pilot group first\r\n/);
    expect(await t.csv()).toMatch(/,2,.*,In progress,grace,[^,]+,,ada,2026-12-12,pilot group first\r\n/);
    const json = await t.progress();
    expect(json.items[`validate-trust/${itemOf(card, 2).set.item}`]).toMatchObject({
      status: 'in-progress',
      owner: 'ada',
      ownerId: 'aad-29:ada',
      due: '2026-12-12',
      note: 'pilot group first',
    });
    expect(json.history.at(-1)).toMatchObject({ by: 'aad-29:grace', details: { owner: 'ada', due: '2026-12-12', note: 'pilot group first' } });
    expect(json.overdue).toEqual(new Date().toISOString().slice(0, 10) > '2026-12-12' ? [`validate-trust/${itemOf(card, 2).set.item}`] : []);
  });

  it('a date that is not one is refused with a clear reply on the editor, and nothing changes', async () => {
    const t = await team('bad-date');
    const { card, id } = (await t.post('ransomware'))[0]!;
    const editor = (await t.execute('ada', id, 'checklist.details', itemOf(card, 3).details)).value;
    const before = await t.progress();
    const start = env.connector.sent.length;
    const answer = await t.execute('ada', id, 'checklist.save', saveData(editor, 3, { due: '12/12/2026', note: 'x' }));
    expect(cardText(answer.value)).toContain(
      '"12/12/2026" is not a date: give the due date as YYYY-MM-DD (for example 2026-12-12), or leave it empty. Nothing was changed.',
    );
    expect(editorOf(answer.value).due).toBeDefined(); // still the editor, to correct the date
    expect(sentSince(start)).toEqual([]);
    expect(await t.progress()).toEqual(before);
  });

  it('an edit from an editor opened before someone else’s change is not saved, and says who changed the item when', async () => {
    const t = await team('stale-edit');
    const { card, id } = (await t.post('ransomware'))[0]!;
    const editor = (await t.execute('grace', id, 'checklist.details', itemOf(card, 1).details)).value;
    // Meanwhile Ada sets item 1 to Done.
    await t.execute('ada', id, 'checklist.set', { ...itemOf(card, 1).set, [`status-${itemOf(card, 1).set.item}`]: 'done' });
    const before = await t.progress();
    const at: string = before.items[`ransomware-recovery-readiness/${itemOf(card, 1).set.item}`].at;
    const clock = new Date(at).toLocaleTimeString('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });
    const refused = await t.execute('grace', id, 'checklist.save', saveData(editor, 1, { owner: 'aad-29:ada', due: '2026-12-01' }));
    expect(itemOf(refused.value, 1).texts).toContain(
      `ada set item 1 to Done at ${clock}; your owner, due date and note were not saved. Open "Owner, date, note" again to change them.`,
    );
    expect(await t.progress()).toEqual(before);
  });

  it('from an older client: the editor comes as a card of its own, and Save updates the checklist’s cards', async () => {
    const t = await team('owners-submit');
    const { card, id } = (await t.post('ransomware'))[0]!;
    let start = env.connector.sent.length;
    await t.submit('bo', id, 'checklist.details', itemOf(card, 4).details);
    const [posted] = sentSince(start);
    const editor = cardsOf(posted!)[0];
    expect(cardText(editor)).toContain('Owner, due date and note of item 4');
    start = env.connector.sent.length;
    // Bo makes himself the owner (he has not ticked anything yet, so his name comes from his own click).
    await t.submit('bo', idOf(posted!), 'checklist.save', { ...saveData(editor, 4, { owner: 'aad-29:bo', due: '2027-01-15' }) });
    const updates = sentSince(start);
    expect(updates.every((u) => u.method === 'PUT')).toBe(true);
    expect(updates.map((u) => u.replyToId).sort()).toEqual([id, idOf(posted!)].sort());
    for (const u of updates) expect(itemOf(cardsOf(u)[0], 4).texts).toContain('Owner: bo · due 15 Jan 2027');
  });
});
