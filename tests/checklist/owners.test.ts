// Who owns an item, when it is due, and a note: as a team sets them on a card, as the store keeps them, and
// as the cards, progress and the exports show them. A bad date and an edit from an out-of-date card change
// nothing; records written before owners existed load as they were.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistCard, checklistCards, progressCard, staleNotice } from '../../src/cards/checklist.js';
import { MAX_CARD_BYTES, cardBytes } from '../../src/cards/templates.js';
import {
  DueDateError,
  NOTE_MAX,
  type Progress,
  StaleCardError,
  emptyProgress,
  exportCsv,
  exportMarkdown,
  isDueDate,
  numberedItems,
  parseProgress,
  setDetails,
  setStatus,
  stateSeen,
} from '../../src/checklist/progress.js';
import { checklistService } from '../../src/checklist/service.js';
import { FileStore } from '../../src/storage/file-store.js';
import { expectTeamsReady, texts } from '../cards/helpers.js';
import { catalog } from './history-helpers.js';

const ransomware = catalog.checklists.find((l) => l.id === 'ransomware-recovery-readiness')!;
const items = ransomware.areas.flatMap((a) => a.items);
const key = (n: number) => `${ransomware.id}/${items[n - 1]!.id}`;
const AT = '2026-11-02T10:04:00.000Z';
/** "Today" for the tests: 1 December 2026. */
const NOW = new Date('2026-12-01T08:00:00Z');

const shown = (card: object) => texts(card).join('\n');
const store = (name: string) => new FileStore(mkdtempSync(join(tmpdir(), `zt-${name}-`)), { durable: false });

/** Grace gives item n an owner, a due date and a note. */
const edit = (p: Progress, n: number, d: { owner?: string; ownerId?: string; due?: string; note?: string; seen?: string; by?: string; at?: string }) =>
  setDetails(p, catalog, { checklist: ransomware.id, item: items[n - 1]!.id, by: `29:${d.by ?? 'grace'}`, byName: d.by ?? 'Grace', at: d.at ?? AT, ...d });

/** Every CSV row as cells by column name (RFC 4180 quotes honoured). */
const csvRows = (csv: string) => {
  const cells = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1);
  const [header, ...rows] = csv.trim().split('\r\n').map(cells);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])));
};

/** Every object in a card, depth first. */
const nodes = (n: unknown): Record<string, unknown>[] =>
  Array.isArray(n) ? n.flatMap(nodes) : n && typeof n === 'object' ? [n as Record<string, unknown>, ...Object.values(n).flatMap(nodes)] : [];

describe('owner, due date and note of an item', () => {
  it('go from the card to the store, and on to the item, progress, the CSV and Markdown exports', async () => {
    const service = checklistService(store('owners'), catalog);
    const scope = 'team:19:owners';
    // Ada starts item 2; Grace makes Ada its owner, due 12 December, with a note.
    await service.set(scope, { checklist: ransomware.id, item: items[1]!.id, to: 'in-progress', by: '29:ada', byName: 'Ada Lovelace', at: AT });
    const before = await service.progress(scope);
    const posted = checklistCard(ransomware, before, catalog, '', { now: NOW });
    const seen = (JSON.stringify(posted).match(new RegExp(`"item":"${items[1]!.id}","seen":"([^"]+)"`)) ?? [])[1];
    expect(seen).toBe(stateSeen(before.items[key(2)]));
    const after = await service.edit(scope, {
      checklist: ransomware.id,
      item: items[1]!.id,
      owner: 'Ada Lovelace',
      ownerId: '29:ada',
      due: '2026-12-12',
      note: 'restore test booked with the backup team',
      by: '29:grace',
      byName: 'Grace',
      at: '2026-11-03T09:00:00.000Z',
      seen,
    });

    // Stored on the item, its status kept; the edit is a change in the history.
    const stored = (await service.progress(scope)).items[key(2)];
    // Who set the status stays Ada; who set the owner, date and note is Grace.
    expect(stored).toEqual({
      status: 'in-progress',
      by: 'Ada Lovelace',
      at: AT,
      editedBy: 'Grace',
      editedAt: '2026-11-03T09:00:00.000Z',
      owner: 'Ada Lovelace',
      ownerId: '29:ada',
      due: '2026-12-12',
      note: 'restore test booked with the backup team',
    });
    expect(after.history.at(-1)).toMatchObject({
      from: 'in-progress',
      to: 'in-progress',
      details: { owner: 'Ada Lovelace', ownerId: '29:ada', due: '2026-12-12', note: 'restore test booked with the backup team' },
    });

    // On the item.
    const card = shown(checklistCard(ransomware, after, catalog, '', { now: NOW }));
    expect(card).toContain('In progress (Ada Lovelace, 2 November 2026)\nOwner: Ada Lovelace · due 12 Dec 2026');
    expect(card).toContain('Note: restore test booked with the backup team');
    // In progress, still to do.
    expect(shown(progressCard(after, catalog, 8, NOW))).toMatch(
      /Owners and due dates\n\*\*Ransomware recovery readiness, item 2\*\*: .* · Owner: Ada Lovelace · due 12 Dec 2026 · In progress/,
    );
    expect(shown(progressCard(after, catalog, 8, NOW))).toContain('Grace set “');

    // In the CSV: owner, due and note columns; the catalog's role keeps a column of its own.
    const row = csvRows(exportCsv(after, catalog)).find((r) => r.number === '2' && r.checklist === ransomware.title)!;
    expect(row).toMatchObject({
      role: items[1]!.role,
      status: 'In progress',
      owner: 'Ada Lovelace',
      due: '2026-12-12',
      note: 'restore test booked with the backup team',
    });

    // In Markdown: the item's row, and the change among the latest.
    const md = exportMarkdown(after, catalog, 10, NOW);
    expect(md).toContain('| # | Area | Item | Role | Status | Owner | Due | Note |');
    expect(md).toMatch(/\| 2 \| .* \| In progress \| Ada Lovelace \| 2026-12-12 \| restore test booked with the backup team \|/);
    expect(md).toContain('Grace set “');
    expect(md).toContain('to owner Ada Lovelace, due 2026-12-12, note\\: restore test booked with the backup team');
  });

  it('an item past its date and still to do is overdue: marked on the card, first in progress, in the export', () => {
    let p = edit(emptyProgress(), 1, { owner: 'Ada', ownerId: '29:ada', due: '2026-11-20' });
    p = edit(p, 2, { owner: 'Bo', ownerId: '29:bo', due: '2026-12-20' });
    p = edit(p, 3, { due: '2026-11-10' });
    p = setStatus(p, catalog, { checklist: ransomware.id, item: items[2]!.id, to: 'done', by: '29:ada', byName: 'Ada' });
    const card = shown(checklistCard(ransomware, p, catalog, '', { now: NOW }));
    expect(card).toContain('Owner: Ada · due 20 Nov 2026 · **overdue**');
    expect(card).toContain('Owner: Bo · due 20 Dec 2026');
    expect(card).not.toContain('due 20 Dec 2026 · **overdue**');
    // Done is not overdue, and done items leave the list of what is still to do.
    expect(card).toContain('Due 10 Nov 2026');
    expect(card).not.toContain('Due 10 Nov 2026 · **overdue**');
    const progress = shown(progressCard(p, catalog, 8, NOW));
    expect(progress).toMatch(
      /Owners and due dates\n⏰ \*\*Ransomware recovery readiness, item 1\*\*.*overdue.*\n\*\*Ransomware recovery readiness, item 2\*\*/,
    );
    expect(progress).not.toContain('item 3**');
    expect(exportMarkdown(p, catalog, 10, NOW)).toMatch(/\| Ada \| 2026-11-20 \(overdue\) \|/);
  });

  it('a due date that is not YYYY-MM-DD, or no such day, is refused with a clear reply and changes nothing', async () => {
    for (const bad of ['12/12/2026', '2026-13-01', '2026-02-30', 'next friday', '2026-1-5']) {
      expect(isDueDate(bad), bad).toBe(false);
      expect(() => edit(emptyProgress(), 1, { due: bad })).toThrow(DueDateError);
    }
    expect(() => edit(emptyProgress(), 1, { due: '12/12/2026' })).toThrow(
      '"12/12/2026" is not a date: give the due date as YYYY-MM-DD (for example 2026-12-12)',
    );
    expect(isDueDate('2028-02-29')).toBe(true);

    const service = checklistService(store('bad-date'), catalog);
    await service.edit('team:19:bad', {
      checklist: ransomware.id,
      item: items[0]!.id,
      owner: 'Ada',
      ownerId: '29:ada',
      due: '2026-12-12',
      by: '29:ada',
      byName: 'Ada',
    });
    const before = await service.progress('team:19:bad');
    await expect(service.edit('team:19:bad', { checklist: ransomware.id, item: items[0]!.id, due: '2026-12-32', by: '29:bo', byName: 'Bo' })).rejects.toThrow(
      DueDateError,
    );
    expect(await service.progress('team:19:bad')).toEqual(before);
  });

  it('a note is one line of at most 200 characters; empty values clear; the same values again are no change', () => {
    const p = edit(emptyProgress(), 1, { owner: 'Ada', ownerId: '29:ada', note: `  two\nlines ${'x'.repeat(400)}` });
    expect(p.items[key(1)]!.note).toHaveLength(NOTE_MAX);
    expect(p.items[key(1)]!.note!.startsWith('two lines x')).toBe(true);
    expect(edit(p, 1, { owner: 'Ada', ownerId: '29:ada', note: p.items[key(1)]!.note! })).toBe(p);
    const cleared = edit(p, 1, { owner: '', ownerId: '', note: '', at: '2026-11-04T09:00:00.000Z' });
    expect(cleared.items[key(1)]).toEqual({ status: 'not-started', by: '', at: '', editedBy: 'Grace', editedAt: '2026-11-04T09:00:00.000Z' });
    expect(cleared.history.at(-1)!.details).toEqual({ owner: '', ownerId: '', due: '', note: '' });
  });

  it('a status change keeps the owner, date and note', () => {
    const p = edit(emptyProgress(), 1, { owner: 'Ada', ownerId: '29:ada', due: '2026-12-12', note: 'n' });
    const q = setStatus(p, catalog, {
      checklist: ransomware.id,
      item: items[0]!.id,
      to: 'blocked',
      reason: 'licences',
      by: '29:bo',
      byName: 'Bo',
      at: '2026-11-05T09:00:00.000Z',
    });
    expect(q.items[key(1)]).toEqual({
      status: 'blocked',
      by: 'Bo',
      at: '2026-11-05T09:00:00.000Z',
      reason: 'licences',
      owner: 'Ada',
      ownerId: '29:ada',
      due: '2026-12-12',
      note: 'n',
      editedBy: 'Grace',
      editedAt: AT,
    });
    // Its editor, opened before the status change, is out of date.
    expect(() => edit(q, 1, { note: 'm', seen: stateSeen(p.items[key(1)]) })).toThrow(StaleCardError);
  });
});

describe('an edit from an out-of-date editor', () => {
  it('changes nothing and says who changed the item, to what and when', () => {
    const shownToGrace = emptyProgress();
    const seen = stateSeen(shownToGrace.items[key(3)]);
    const afterAda = edit(shownToGrace, 3, { owner: 'Ada', ownerId: '29:ada', due: '2026-12-12', by: 'Ada', seen });
    let refused: unknown;
    try {
      edit(afterAda, 3, { owner: 'Grace', ownerId: '29:grace', seen, at: '2026-11-02T11:00:00.000Z' });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(StaleCardError);
    expect(staleNotice(refused as StaleCardError, ransomware, 'UTC', new Date(AT))).toBe(
      'Ada set item 3 to owner Ada, due 2026-12-12 at 10:04; your owner, due date and note were not saved. Open "Owner, date, note" again to change them.',
    );
    // A status change since the editor was shown refuses the edit too, and says so.
    const done = setStatus(shownToGrace, catalog, { checklist: ransomware.id, item: items[2]!.id, to: 'done', by: '29:ada', byName: 'Ada', at: AT });
    expect(() => edit(done, 3, { owner: 'Grace', ownerId: '29:grace', seen })).toThrow(StaleCardError);
    // From the editor as it is now, the edit applies.
    expect(edit(done, 3, { owner: 'Grace', ownerId: '29:grace', seen: stateSeen(done.items[key(3)]) }).items[key(3)]).toMatchObject({
      owner: 'Grace',
      status: 'done',
    });
  });
});

describe('the owner picker', () => {
  it('is Teams’ people picker, with the people seen in the conversation (and the current owner) for clients without it', async () => {
    const service = checklistService(store('people'), catalog);
    const scope = 'team:19:people';
    await service.set(scope, { checklist: ransomware.id, item: items[0]!.id, to: 'done', by: 'aad-ada', byName: 'Ada', mri: '29:ada' });
    await service.set(scope, { checklist: ransomware.id, item: items[1]!.id, to: 'planned', by: 'aad-grace', byName: 'Grace', mri: '29:grace' });
    const p = await service.edit(scope, { checklist: ransomware.id, item: items[2]!.id, owner: 'Linus', ownerId: 'aad-linus', by: 'aad-ada', byName: 'Ada' });
    const people = service.people(p);
    expect(people).toEqual([
      { id: 'aad-ada', name: 'Ada' },
      { id: 'aad-linus', name: 'Linus' },
      { id: 'aad-grace', name: 'Grace' },
    ]);

    const editor = checklistCard(ransomware, p, catalog, '', { edit: items[2]!.id, people });
    expectTeamsReady(editor);
    const parsed = nodes(editor).find((x) => x.type === 'Input.ChoiceSet' && String(x.id).startsWith('owner-')) as {
      value: string;
      choices: { title: string; value: string }[];
      'choices.data': unknown;
    };
    expect(parsed['choices.data']).toEqual({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
    expect(parsed.value).toBe('aad-linus');
    expect(parsed.choices).toEqual([
      { title: 'Linus', value: 'aad-linus' },
      { title: 'Ada', value: 'aad-ada' },
      { title: 'Grace', value: 'aad-grace' },
    ]);
    // The editor shows only that item, with the date and the note, and Save carries what it showed.
    expect(shown(editor)).toContain('Owner, due date and note of item 3');
    expect(shown(editor)).not.toContain('**1.**');
    expect(JSON.stringify(editor)).toContain(
      `"verb":"checklist.save","data":{"checklist":"${ransomware.id}","area":"","item":"${items[2]!.id}","seen":"${stateSeen(p.items[key(3)])}"}`,
    );
    expect(JSON.stringify(editor)).toMatch(/"type":"Input\.Date","id":"due-[^"]+","label":"Due date"/);
    expect(JSON.stringify(editor)).toMatch(/"type":"Input\.Text","id":"note-[^"]+","label":"Note","placeholder":"[^"]+","maxLength":200/);
  });
});

describe('records written before owners existed', () => {
  it('load unchanged, and take an owner without touching the rest', async () => {
    const legacy = {
      items: { [key(1)]: { status: 'done', by: 'Ada', at: '2025-06-01T09:00:00.000Z' } },
      history: [{ checklist: ransomware.id, item: items[0]!.id, from: 'not-started', to: 'done', by: '29:ada', byName: 'Ada', at: '2025-06-01T09:00:00.000Z' }],
      totalChanges: 1,
    };
    expect(parseProgress(structuredClone(legacy))).toEqual(legacy);
    const s = store('legacy-owners');
    await s.put('progress/team:19:old', structuredClone(legacy));
    const service = checklistService(s, catalog);
    const p = await service.edit('team:19:old', { checklist: ransomware.id, item: items[0]!.id, owner: 'Bo', ownerId: '29:bo', by: '29:bo', byName: 'Bo' });
    expect(p.history[0]).toEqual(legacy.history[0]);
    expect(p.items[key(1)]).toMatchObject({ status: 'done', owner: 'Bo' });
    // Read back, the edit's details come with it; a hand-edited record's bad values are dropped.
    expect((await service.progress('team:19:old')).history[1]!.details).toEqual({ owner: 'Bo', ownerId: '29:bo', due: '', note: '' });
    expect(parseProgress({ items: { [key(1)]: { status: 'done', by: 'A', at: 'x', owner: 7, due: null } } }).items[key(1)]).toEqual({
      status: 'done',
      by: 'A',
      at: 'x',
    });
  });
});

describe('card size', () => {
  it('the largest checklist, every item owned, dated, noted and blocked with a reason, fits Teams’ limit, and so does each editor', () => {
    const largest = [...catalog.checklists].sort((a, b) => numberedItems(b).length - numberedItems(a).length)[0]!;
    let p = emptyProgress();
    const long = (c: string, n: number) => c.repeat(n);
    for (const [k, { item }] of numberedItems(largest).entries()) {
      const base = { checklist: largest.id, item: item.id, by: `29:${k}`, byName: `${long('W', 55)} ${k}`, at: AT };
      p = setStatus(p, catalog, { ...base, to: 'blocked', reason: long('r', 200) });
      p = setDetails(p, catalog, { ...base, owner: `${long('Ő', 55)} ${k}`, ownerId: `${long('a', 36)}-${k}`, due: '2026-11-30', note: long('ň', 300) });
    }
    const userIds = Array.from({ length: 60 }, (_, i) => `29:${long('u', 80)}-${i}`);
    const people = Array.from({ length: 12 }, (_, i) => ({ id: `${long('p', 36)}-${i}`, name: long('Ñ', 60) }));
    const cards = checklistCards(largest, p, catalog, { userIds, now: NOW });
    expect(cards.length).toBe(largest.areas.length);
    for (const card of cards) {
      expectTeamsReady(card);
      expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
      expect(shown(card)).toContain('· **overdue**');
    }
    // Names and notes in any alphabet: a card still too large without refreshes leaves the notes to the editor and the exports.
    let wide = emptyProgress();
    for (const { item } of numberedItems(largest)) {
      const base = { checklist: largest.id, item: item.id, by: '29:w', byName: long('Ŵ', 60), at: AT };
      wide = setStatus(wide, catalog, { ...base, to: 'blocked', reason: long('ř', 200) });
      wide = setDetails(wide, catalog, { ...base, owner: long('Ő', 80), ownerId: long('a', 36), due: '2026-11-30', note: long('ň', 300) });
    }
    for (const card of checklistCards(largest, wide, catalog, { userIds, now: NOW })) expectTeamsReady(card);
    for (const { area, item } of numberedItems(largest)) {
      const editor = checklistCard(largest, p, catalog, area.id, { edit: item.id, people, userIds });
      expectTeamsReady(editor);
    }
  });
});
