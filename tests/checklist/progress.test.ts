import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistCards } from '../../src/cards/checklist.js';
import { cardBytes, MAX_CARD_BYTES } from '../../src/cards/templates.js';
import { ChecklistError, emptyProgress, exportCsv, exportMarkdown, parseProgress, setStatus, statusOf, summarise } from '../../src/checklist/progress.js';
import { progressScope } from '../../src/checklist/scope.js';
import { loadCatalog } from '../../src/knowledge/content-loader.js';

const catalog = loadCatalog(resolve(__dirname, '../../content'));
const ransomware = catalog.checklists.find((l) => l.id === 'ransomware-recovery-readiness')!;
const [first, second] = ransomware.areas[0]!.items;

describe('team progress', () => {
  it('records who changed what, when, from and to', () => {
    const p = setStatus(emptyProgress(), catalog, {
      checklist: ransomware.id,
      item: first!.id,
      to: 'in-progress',
      by: '29:ada',
      byName: 'Ada',
      at: '2026-11-01T09:00:00Z',
    });
    const q = setStatus(p, catalog, { checklist: ransomware.id, item: first!.id, to: 'done', by: '29:bo', byName: 'Bo', at: '2026-11-02T09:00:00Z' });
    expect(statusOf(q, ransomware.id, first!.id)).toBe('done');
    expect(q.history).toEqual([
      { checklist: ransomware.id, item: first!.id, from: 'not-started', to: 'in-progress', by: '29:ada', byName: 'Ada', at: '2026-11-01T09:00:00Z' },
      { checklist: ransomware.id, item: first!.id, from: 'in-progress', to: 'done', by: '29:bo', byName: 'Bo', at: '2026-11-02T09:00:00Z' },
    ]);
    expect(p.history).toHaveLength(1); // the earlier progress is not changed
    expect([p.totalChanges, q.totalChanges]).toEqual([1, 2]);
  });

  it('a second click with the same status changes nothing', () => {
    const p = setStatus(emptyProgress(), catalog, { checklist: ransomware.id, item: first!.id, to: 'done', by: 'a', byName: 'A' });
    expect(setStatus(p, catalog, { checklist: ransomware.id, item: first!.id, to: 'done', by: 'b', byName: 'B' })).toBe(p);
  });

  it('refuses an unknown checklist, item or status with a clear message', () => {
    expect(() => setStatus(emptyProgress(), catalog, { checklist: 'nope', item: 'x', to: 'done', by: 'a', byName: 'A' })).toThrow(ChecklistError);
    expect(() => setStatus(emptyProgress(), catalog, { checklist: ransomware.id, item: 'nope', to: 'done', by: 'a', byName: 'A' })).toThrow(
      /has no item "nope"/,
    );
    expect(() => setStatus(emptyProgress(), catalog, { checklist: ransomware.id, item: first!.id, to: 'finished' as never, by: 'a', byName: 'A' })).toThrow(
      /not a status/,
    );
  });

  it('counts "N of M done" per checklist, leaving a Not applicable item out of M', () => {
    let p = emptyProgress();
    p = setStatus(p, catalog, { checklist: ransomware.id, item: first!.id, to: 'done', by: 'a', byName: 'A' });
    p = setStatus(p, catalog, { checklist: ransomware.id, item: second!.id, to: 'not-applicable', by: 'a', byName: 'A' });
    const s = summarise(p, catalog).find((x) => x.id === ransomware.id)!;
    expect(s).toMatchObject({ done: 1, total: 4, items: 5 });
    expect(s.statuses).toMatchObject({ done: 1, 'not-applicable': 1, 'not-started': 3 });
  });

  it('exports Markdown and CSV a spreadsheet opens safely', () => {
    const p = setStatus(emptyProgress(), catalog, {
      checklist: ransomware.id,
      item: first!.id,
      to: 'done',
      by: '29:x',
      byName: '=HYPERLINK("evil")',
      at: '2026-11-01T09:00:00Z',
    });
    const md = exportMarkdown(p, catalog);
    expect(md).toMatch(/Ransomware recovery readiness\*\*: 1 of 5 done/);
    expect(md).toMatch(/## Latest changes/);
    const csv = exportCsv(p, catalog);
    expect(csv.split('\r\n')[0]).toBe('checklist,area,number,item,role,status,changed by,changed at,reason,owner,due,note');
    expect(csv).toContain(`"'=HYPERLINK(""evil"")"`);
    expect(csv.trim().split('\r\n')).toHaveLength(1 + catalog.checklists.reduce((n, l) => n + l.areas.reduce((m, a) => m + a.items.length, 0), 0));
  });

  it('reads stored progress defensively', () => {
    expect(parseProgress(null)).toEqual(emptyProgress());
    expect(parseProgress({ items: { 'a/b': { status: 'weird' }, 'c/d': { status: 'done', by: 'x', at: 't' } }, history: 'no' })).toEqual({
      items: { 'c/d': { status: 'done', by: 'x', at: 't' } },
      history: [],
      totalChanges: 0,
    });
  });
});

describe('where progress belongs', () => {
  it('all channels of a team share one record; chats have their own', () => {
    expect(progressScope({ conversationId: '19:general@thread.tacv2;messageid=1', teamId: '19:team@thread.tacv2' })).toBe('team:19:team@thread.tacv2');
    expect(progressScope({ conversationId: '19:other@thread.tacv2', teamId: '19:team@thread.tacv2' })).toBe('team:19:team@thread.tacv2');
    expect(progressScope({ conversationId: '19:group@thread.v2' })).toBe('conversation:19:group@thread.v2');
  });
});

describe('checklist cards', () => {
  it('every checklist posts as cards within Teams limits, every item with a status picker and a Set button', () => {
    for (const list of catalog.checklists) {
      const cards = checklistCards(list, emptyProgress(), catalog, { userIds: Array.from({ length: 80 }, (_, i) => `29:user-${i}`) });
      const json = JSON.stringify(cards);
      for (const c of cards) {
        expect(cardBytes(c)).toBeLessThanOrEqual(MAX_CARD_BYTES);
        expect((c as any).refresh.userIds.length).toBeLessThanOrEqual(60);
      }
      for (const item of list.areas.flatMap((a) => a.items)) {
        expect(json).toContain(`"id":"status-${item.id}","style":"compact","value":"not-started"`);
        expect(json).toContain(`"item":"${item.id}","seen":"not-started@"`);
      }
      expect(json).toMatch(/"verb":"checklist.set"/);
      expect(json).toMatch(/"fallback":\{"type":"Action.Submit"/);
      expect(json).toMatch(/\d+ of \d+ done/);
    }
  });
});
