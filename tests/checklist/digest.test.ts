// What a team's weekly digest says: what moved in the week (net, per item), what is blocked with its
// reason, what is overdue and in progress for more than 14 days, with the owners; who gets a reminder.
import { describe, expect, it } from 'vitest';
import { digestCard, reminderCard } from '../../src/cards/digest.js';
import { isQuietWeek, overdueOwners, teamDigest } from '../../src/checklist/digest.js';
import { type Progress, emptyProgress, numberedItems, setDetails, setStatus } from '../../src/checklist/progress.js';
import { expectTeamsReady, texts } from '../cards/helpers.js';
import { personalChatOf } from '../../src/schedule/digest-job.js';
import { catalog } from './history-helpers.js';

const list = catalog.checklists.find((l) => l.id === 'validate-trust')!;
const items = numberedItems(list).map((x) => x.item);
const ada = { by: '29:ada', byName: 'Ada' };
const grace = { by: '29:grace', byName: 'Grace' };
const SINCE = new Date('2027-03-01T08:00:00Z');
const NOW = new Date('2027-03-08T08:00:00Z');

/** A week of a team's work, and some from before it. */
function aWeek(): Progress {
  let p = emptyProgress();
  const set = (n: number, to: Parameters<typeof setStatus>[2]['to'], at: string, who = ada, reason?: string) =>
    (p = setStatus(p, catalog, { checklist: list.id, item: items[n - 1]!.id, to, at, ...who, ...(reason ? { reason } : {}) }));
  // Before the week: item 1 started long ago and still in progress; item 2 done.
  set(1, 'in-progress', '2027-02-01T10:00:00Z');
  set(2, 'done', '2027-02-20T10:00:00Z');
  // In the week: 3 done; 4 started and taken back (no net move); 5 blocked with a reason.
  set(3, 'in-progress', '2027-03-02T10:00:00Z', grace);
  set(3, 'done', '2027-03-04T10:00:00Z', grace);
  set(4, 'in-progress', '2027-03-03T10:00:00Z');
  set(4, 'not-started', '2027-03-03T11:00:00Z');
  set(5, 'blocked', '2027-03-05T10:00:00Z', grace, 'waiting for licences');
  // Owners and dates: item 1 overdue (Ada), item 5 overdue (Grace), item 6 due later; item 7 overdue with no owner id.
  const own = (n: number, owner: string, ownerId: string, due: string) =>
    (p = setDetails(p, catalog, { checklist: list.id, item: items[n - 1]!.id, owner, ownerId, due, at: '2027-02-25T10:00:00Z', ...ada }));
  own(1, 'Ada', '29:ada', '2027-03-01');
  own(5, 'Grace', '29:grace', '2027-03-07');
  own(6, 'Ada', '29:ada', '2027-04-01');
  own(7, '', '', '2027-02-01');
  return p;
}

describe('the weekly digest', () => {
  const p = aWeek();
  const d = teamDigest(p, p.history, catalog, SINCE, NOW);

  it('lists what moved in the week, net per item, with who moved it', () => {
    expect(d.moved.map((m) => [m.number, m.from, m.to, m.byName])).toEqual([
      [3, 'not-started', 'done', 'Grace'],
      [5, 'not-started', 'blocked', 'Grace'],
    ]);
  });

  it('lists blocked items with their reasons, overdue items by date, and items in progress for more than 14 days', () => {
    expect(d.blocked.map((x) => [x.number, x.state?.reason])).toEqual([[5, 'waiting for licences']]);
    expect(d.overdue.map((x) => x.number)).toEqual([7, 1, 5]);
    expect(d.stale.map((x) => x.number)).toEqual([1]);
    expect(d.checklists.map((c) => [c.id, c.done])).toEqual([[list.id, 2]]);
  });

  it('reminds each owner of overdue items once, with all their items; an item without an owner id is left to the digest', () => {
    expect(overdueOwners(d).map((r) => [r.owner, r.items.map((x) => x.number)])).toEqual([
      ['Ada', [1]],
      ['Grace', [5]],
    ]);
  });

  it('the card says all of it, and how the reminders went', () => {
    const card = digestCard(
      d,
      { reminded: ['Ada'], notReminded: [{ owner: 'Grace', why: 'the app is not installed in a 1:1 chat with them' }] },
      'Posted Mondays at 09:00 (Europe/Berlin).',
    );
    expectTeamsReady(card);
    const text = texts(card).join('\n');
    expect(text).toContain('Moved this week');
    expect(text).toContain('Not started → **Done** (Grace)');
    expect(text).toContain('waiting for licences · Grace');
    expect(text).toContain('In progress for more than 14 days');
    expect(text).toContain('Reminded in a 1:1 chat: Ada. Grace was not reminded: the app is not installed in a 1:1 chat with them.');
    expect(text).toMatch(/item 7\*\*.*no owner/);
  });

  it('a week where nothing happened says so; a team that has not started is told how to', () => {
    const quiet = teamDigest(p, p.history, catalog, new Date('2027-01-01T00:00:00Z'), new Date('2027-01-08T00:00:00Z'));
    expect(isQuietWeek(quiet)).toBe(false); // item 7 was overdue already
    const none = teamDigest(emptyProgress(), [], catalog, SINCE, NOW);
    expect(texts(digestCard(none, { reminded: [], notReminded: [] }, '')).join('\n')).toContain('No checklist has been started yet');
  });

  it('a reminder lists the owner’s overdue items', () => {
    const [adaReminder] = overdueOwners(d);
    const card = reminderCard(adaReminder!, 'Security programme', '2027-03-08');
    expectTeamsReady(card);
    expect(texts(card).join('\n')).toMatch(/1 Zero Trust item overdue[\s\S]*Security programme[\s\S]*item 1\*\*/);
  });
});

describe('finding an owner’s 1:1 chat', () => {
  const chat = (id: string, user: { id: string; aadObjectId?: string }, type = 'personal') => ({
    conversationId: id,
    conversationType: type,
    installedAt: '2027-01-01T00:00:00Z',
    reference: { user },
  });
  const refs = [
    chat('19:channel', { id: '29:grace' }, 'channel'),
    chat('a:grace', { id: '29:grace', aadObjectId: 'AAD-GRACE' }),
    chat('a:bob', { id: '29:bob' }),
  ];

  it('by the Teams id seen in the conversation, or by the Microsoft Entra object id the people picker gives', () => {
    expect(personalChatOf(refs, '29:grace')?.conversationId).toBe('a:grace');
    expect(personalChatOf(refs, 'aad-grace')?.conversationId).toBe('a:grace');
    expect(personalChatOf(refs, '29:carol')).toBeUndefined();
  });
});
