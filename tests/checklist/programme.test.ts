// The statuses a Zero Trust programme uses, as a team would meet them: what counts in "N of M done", why an
// item is blocked, records written before these statuses existed, clicks from out-of-date cards, and items
// numbered 1..N across a checklist on the cards and in the exports.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistCard, checklistCards, progressCard, staleNotice } from '../../src/cards/checklist.js';
import { clockTime } from '../../src/cards/common.js';
import { MAX_CARD_BYTES, cardBytes } from '../../src/cards/templates.js';
import {
  type Progress,
  REASON_MAX,
  ReasonNeededError,
  STATUSES,
  StaleCardError,
  type Status,
  emptyProgress,
  exportCsv,
  exportMarkdown,
  markdownText,
  numberedItems,
  parseProgress,
  setStatus,
  stateSeen,
  summarise,
} from '../../src/checklist/progress.js';
import { checklistService } from '../../src/checklist/service.js';
import { FileStore } from '../../src/storage/file-store.js';
import { expectTeamsReady, texts } from '../cards/helpers.js';
import { catalog } from './history-helpers.js';

const ransomware = catalog.checklists.find((l) => l.id === 'ransomware-recovery-readiness')!;
const validateTrust = catalog.checklists.find((l) => l.id === 'validate-trust')!;
const items = ransomware.areas.flatMap((a) => a.items);
const AT = '2026-11-02T10:04:00.000Z';

/** One person's click on the ransomware checklist. */
const click = (p: Progress, n: number, to: Status, extra: { reason?: string; seen?: string; by?: string; at?: string } = {}) =>
  setStatus(p, catalog, {
    checklist: ransomware.id,
    item: items[n - 1]!.id,
    to,
    by: `29:${extra.by ?? 'ada'}`,
    byName: extra.by ?? 'Ada',
    at: extra.at ?? AT,
    ...extra,
  });

/** Every TextBlock of a card, as one text. */
const shown = (card: object) => texts(card).join('\n');

describe('what counts in "N of M done"', () => {
  it('Not applicable and Risk accepted leave the total; Planned, In progress, Blocked and Third party stay in it', () => {
    let p = click(emptyProgress(), 1, 'done');
    p = click(p, 2, 'not-applicable');
    p = click(p, 3, 'risk-accepted');
    p = click(p, 4, 'third-party');
    p = click(p, 5, 'blocked', { reason: 'waiting for the backup licences' });
    const summary = summarise(p, catalog).find((s) => s.id === ransomware.id)!;
    expect(summary).toMatchObject({ done: 1, total: 3, items: 5 });

    // The checklist card, the progress card and the Markdown export all say so, with what was left out.
    const line = '1 of 3 done · 1 not applicable · 1 risk accepted · 1 blocked';
    expect(shown(checklistCard(ransomware, p, catalog))).toContain(line);
    expect(shown(progressCard(p, catalog))).toContain(line);
    expect(exportMarkdown(p, catalog)).toContain(`**${ransomware.title}**: 1 of 3 done (1 not applicable, 1 risk accepted, 1 blocked)`);
  });

  it('an area card counts its own items and the whole checklist the same way', () => {
    const [identities, endpoints] = validateTrust.areas;
    let p = emptyProgress();
    for (const [i, to] of (['done', 'not-applicable', 'risk-accepted'] as Status[]).entries())
      p = setStatus(p, catalog, { checklist: validateTrust.id, item: identities!.items[i]!.id, to, by: '29:ada', byName: 'Ada' });
    p = setStatus(p, catalog, { checklist: validateTrust.id, item: endpoints!.items[0]!.id, to: 'not-applicable', by: '29:ada', byName: 'Ada' });
    const all = numberedItems(validateTrust).length;
    expect(shown(checklistCard(validateTrust, p, catalog, identities!.id))).toContain(
      `1 of ${identities!.items.length - 2} done · 1 not applicable · 1 risk accepted in this area · 1 of ${all - 3} in the checklist`,
    );
  });
});

describe('Blocked asks for a reason', () => {
  it('without one, the change is refused with a reply that says what to do, and nothing changes', () => {
    const before = click(emptyProgress(), 1, 'in-progress');
    for (const reason of [undefined, '', '   \n ']) {
      expect(() => click(before, 1, 'blocked', reason === undefined ? {} : { reason })).toThrow(ReasonNeededError);
    }
    expect(() => click(before, 1, 'blocked')).toThrow(/Blocked needs a reason: type a short one .* then click Set/);
    expect(before.items[`${ransomware.id}/${items[0]!.id}`]!.status).toBe('in-progress');
    expect(before.history).toHaveLength(1);
  });

  it('a click through the service without a reason writes nothing to the store', async () => {
    const service = checklistService(new FileStore(mkdtempSync(join(tmpdir(), 'zt-reason-')), { durable: false }), catalog);
    const scope = 'team:19:reason';
    await service.set(scope, { checklist: ransomware.id, item: items[0]!.id, to: 'in-progress', by: '29:ada', byName: 'Ada' });
    await expect(service.set(scope, { checklist: ransomware.id, item: items[0]!.id, to: 'blocked', by: '29:bo', byName: 'Bo' })).rejects.toThrow(
      ReasonNeededError,
    );
    const after = await service.progress(scope);
    expect(after.totalChanges).toBe(1);
    expect(after.items[`${ransomware.id}/${items[0]!.id}`]).toMatchObject({ status: 'in-progress', by: 'Ada' });
  });

  it('with one, the reason is kept with the item and in the history, on one line and short', () => {
    const p = click(emptyProgress(), 3, 'blocked', { reason: '  waiting for\nthe backup licences  ' });
    expect(p.items[`${ransomware.id}/${items[2]!.id}`]).toEqual({ status: 'blocked', by: 'Ada', at: AT, reason: 'waiting for the backup licences' });
    expect(p.history.at(-1)).toMatchObject({ from: 'not-started', to: 'blocked', reason: 'waiting for the backup licences' });

    const long = click(emptyProgress(), 3, 'blocked', { reason: 'x'.repeat(500) });
    expect(long.items[`${ransomware.id}/${items[2]!.id}`]!.reason).toHaveLength(REASON_MAX);
  });

  it('a reason given with another status is not kept', () => {
    const p = click(emptyProgress(), 1, 'done', { reason: 'typed in the box by mistake' });
    expect(p.items[`${ransomware.id}/${items[0]!.id}`]).not.toHaveProperty('reason');
    expect(p.history[0]).not.toHaveProperty('reason');
  });

  it('a new reason for a blocked item is a change; the same reason again is not', () => {
    const p = click(emptyProgress(), 1, 'blocked', { reason: 'waiting for licences' });
    expect(click(p, 1, 'blocked', { reason: 'waiting for licences' })).toBe(p);
    const q = click(p, 1, 'blocked', { reason: 'licences bought, waiting for the vendor', at: '2026-11-03T09:00:00.000Z' });
    expect(q.history.at(-1)).toMatchObject({ from: 'blocked', to: 'blocked', reason: 'licences bought, waiting for the vendor' });
  });

  it('the reason is shown on the item, in progress and in both exports, as text', () => {
    const reason = 'waiting for [the vendor](https://evil.example); ask *Grace*';
    const p = click(emptyProgress(), 3, 'blocked', { reason });
    const escaped = markdownText(reason);

    // Cards the Adaptive Cards parser takes as they are, with the reason and a line for the clicker.
    const notice = { item: items[2]!.id, text: 'Ada set item 3 to Blocked at 10:04; your click (Done) was not applied. Click again to change it.' };
    for (const c of [checklistCard(ransomware, p, catalog, '', { notice }), progressCard(p, catalog)]) expectTeamsReady(c);
    expect(shown(checklistCard(ransomware, p, catalog, '', { notice }))).toContain(notice.text);

    const card = shown(checklistCard(ransomware, p, catalog));
    expect(card).toContain(`Reason: ${escaped}`);
    expect(card).toContain('⛔ **3.**');

    const progress = shown(progressCard(p, catalog));
    expect(progress).toContain(`**${ransomware.title}, item 3**: ${items[2]!.text} · ${escaped} (Ada, 2 November 2026)`);
    expect(progress).toMatch(/to \*\*Blocked\*\* \(waiting for/);

    const md = exportMarkdown(p, catalog);
    expect(md).toContain(`| Blocked: ${escaped} |  |  |  |`);
    expect(md).toContain(`from Not started to Blocked (reason: ${escaped})`);
    expect(md).not.toContain('](https://evil');

    const [header, ...rows] = exportCsv(p, catalog).trim().split('\r\n');
    // The reason came after the first columns; owner, due date and note came after it.
    expect(header!.split(',').slice(-4)).toEqual(['reason', 'owner', 'due', 'note']);
    expect(rows.find((r) => r.includes(',Blocked,'))).toMatch(
      /,Blocked,Ada,2026-11-02T10:04:00\.000Z,"waiting for \[the vendor\]\(https:\/\/evil\.example\); ask \*Grace\*",,,$/,
    );
  });
});

describe('progress stored by an earlier version', () => {
  /** A record as the version with four statuses and no reasons wrote it. */
  const legacy = {
    items: {
      [`${ransomware.id}/${items[0]!.id}`]: { status: 'done', by: 'Ada', at: '2025-06-01T09:00:00.000Z' },
      [`${ransomware.id}/${items[1]!.id}`]: { status: 'not-applicable', by: 'Bo', at: '2025-06-02T09:00:00.000Z' },
      [`${ransomware.id}/${items[2]!.id}`]: { status: 'in-progress', by: 'Cy', at: '2025-06-03T09:00:00.000Z' },
    },
    history: [
      { checklist: ransomware.id, item: items[0]!.id, from: 'not-started', to: 'done', by: '29:ada', byName: 'Ada', at: '2025-06-01T09:00:00.000Z' },
      { checklist: ransomware.id, item: items[1]!.id, from: 'not-started', to: 'not-applicable', by: '29:bo', byName: 'Bo', at: '2025-06-02T09:00:00.000Z' },
      { checklist: ransomware.id, item: items[2]!.id, from: 'not-started', to: 'in-progress', by: '29:cy', byName: 'Cy', at: '2025-06-03T09:00:00.000Z' },
    ],
    totalChanges: 3,
  };

  it('loads unchanged, and counts by the new rule', () => {
    const p = parseProgress(structuredClone(legacy));
    expect(p).toEqual(legacy);
    expect(summarise(p, catalog).find((s) => s.id === ransomware.id)).toMatchObject({ done: 1, total: 4 });
  });

  it('takes new changes from the store without touching the old ones', async () => {
    const store = new FileStore(mkdtempSync(join(tmpdir(), 'zt-legacy-')), { durable: false });
    await store.put('progress/team:19:legacy', structuredClone(legacy));
    const service = checklistService(store, catalog);
    const p = await service.set('team:19:legacy', { checklist: ransomware.id, item: items[3]!.id, to: 'risk-accepted', by: '29:dee', byName: 'Dee' });
    expect(p.history.slice(0, 3)).toEqual(legacy.history);
    expect(Object.entries(p.items).slice(0, 3)).toEqual(Object.entries(legacy.items));
    expect(p.totalChanges).toBe(4);
  });
});

describe('a click from an out-of-date card', () => {
  const item3 = `${ransomware.id}/${items[2]!.id}`;

  it('changes nothing and says who changed the item, to what and when', () => {
    const shownToGrace = emptyProgress();
    const afterAda = click(shownToGrace, 3, 'done', { by: 'Ada', seen: stateSeen(shownToGrace.items[item3]) });
    let refused: unknown;
    try {
      click(afterAda, 3, 'in-progress', { by: 'Grace', seen: stateSeen(shownToGrace.items[item3]) });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(StaleCardError);
    const stale = refused as StaleCardError;
    expect(stale.progress).toBe(afterAda);
    expect(stale.state).toMatchObject({ status: 'done', by: 'Ada' });
    expect(staleNotice(stale, ransomware, 'Europe/Berlin', new Date('2026-11-02T15:00:00Z'))).toBe(
      'Ada set item 3 to Done at 11:04; your click (In progress) was not applied. Click again to change it.',
    );
    expect(afterAda.items[item3]!.status).toBe('done');
  });

  it('applies as before once the card shows the item as it is', () => {
    const afterAda = click(emptyProgress(), 3, 'done', { by: 'Ada' });
    const afterGrace = click(afterAda, 3, 'in-progress', { by: 'Grace', seen: stateSeen(afterAda.items[item3]), at: '2026-11-02T10:06:00.000Z' });
    expect(afterGrace.items[item3]).toMatchObject({ status: 'in-progress', by: 'Grace' });
  });

  it('asking for what the item already is, is no change and no refusal', () => {
    const afterAda = click(emptyProgress(), 3, 'done', { by: 'Ada' });
    expect(click(afterAda, 3, 'done', { by: 'Grace', seen: stateSeen(undefined) })).toBe(afterAda);
  });

  it('is refused inside the store update, so of two clicks from the same card exactly one applies', async () => {
    const service = checklistService(new FileStore(mkdtempSync(join(tmpdir(), 'zt-stale-')), { durable: false }), catalog);
    const scope = 'team:19:stale';
    const seen = stateSeen(undefined);
    const results = await Promise.allSettled(
      (['done', 'in-progress'] as Status[]).map((to, i) =>
        service.set(scope, { checklist: ransomware.id, item: items[2]!.id, to, by: `29:p${i}`, byName: `P${i}`, seen }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(StaleCardError);
    expect((await service.progress(scope)).totalChanges).toBe(1);
  });
});

describe('times on the reader’s clock', () => {
  const now = new Date('2026-11-02T15:00:00Z');
  it('in their time zone, with the date when it was another day, and in UTC without a time zone', () => {
    expect(clockTime('2026-11-02T10:04:00Z', 'Europe/Berlin', now)).toBe('11:04');
    expect(clockTime('2026-11-01T10:04:00Z', 'America/New_York', now)).toBe('05:04 on 1 November 2026');
    expect(clockTime('2026-11-02T10:04:00Z', undefined, now)).toBe('10:04 UTC');
    expect(clockTime('2026-11-02T10:04:00Z', 'Not/AZone', now)).toBe('10:04 UTC');
  });
});

describe('numbering and layout', () => {
  it('numbers items 1..N across the areas of a checklist, on its cards and in both exports', () => {
    const cards = checklistCards(validateTrust, emptyProgress(), catalog);
    expect(cards.length).toBeGreaterThan(1);
    const numbers = cards.flatMap((c) =>
      texts(c)
        .flatMap((t) => /^\S+ \*\*(\d+)\.\*\* /u.exec(t)?.[1] ?? [])
        .map(Number),
    );
    const n = numberedItems(validateTrust).length;
    expect(numbers).toEqual(Array.from({ length: n }, (_, i) => i + 1));

    const md = exportMarkdown(emptyProgress(), catalog);
    const section = md.slice(md.indexOf(`## ${markdownText(validateTrust.title)}`)).split('\n\n')[1]!;
    const mdNumbers = section
      .split('\n')
      .flatMap((l) => /^\| (\d+) \|/.exec(l)?.[1] ?? [])
      .map(Number);
    expect(mdNumbers).toEqual(numbers);

    const csvNumbers = exportCsv(emptyProgress(), catalog)
      .trim()
      .split('\r\n')
      .filter((r) => r.startsWith(validateTrust.title))
      .map((r) => Number(r.split(',')[2]));
    expect(csvNumbers).toEqual(numbers);
  });

  it('shows every item’s whole text in a block that wraps, and sub-headings where a card holds several areas', () => {
    for (const list of catalog.checklists) {
      for (const card of checklistCards(list, emptyProgress(), catalog)) {
        const blocks: { text: string; wrap?: boolean }[] = [];
        JSON.stringify(card, (_k, v: { type?: string; text?: string; wrap?: boolean }) => (v?.type === 'TextBlock' && blocks.push(v as never), v));
        for (const b of blocks) expect(b.wrap, b.text).toBe(true);
      }
      const json = JSON.stringify(checklistCards(list, emptyProgress(), catalog));
      for (const { item } of numberedItems(list)) expect(json).toContain(JSON.stringify(item.text.replace(/\s+/g, ' ').trim()).slice(1, -1));
    }
    // No checklist of the catalog has several areas small enough for one card today; two areas of one would.
    const small = { ...validateTrust, areas: validateTrust.areas.slice(0, 2).map((a) => ({ ...a, items: a.items.slice(0, 2) })) };
    const whole = checklistCard(small, emptyProgress(), catalog);
    expect(texts(whole).filter((t) => small.areas.some((a) => a.name === t))).toEqual(small.areas.map((a) => a.name));
    expect(texts(whole).flatMap((t) => /^\S+ \*\*(\d+)\.\*\* /u.exec(t)?.[1] ?? [])).toEqual(['1', '2', '3', '4']);
  });

  it('offers every status on every item, with the item’s own status picked', () => {
    const p = click(emptyProgress(), 2, 'third-party');
    const card = checklistCard(ransomware, p, catalog);
    const pickers: { id: string; value: string; choices: { value: string }[] }[] = [];
    JSON.stringify(card, (_k, v: { type?: string }) => (v?.type === 'Input.ChoiceSet' && pickers.push(v as never), v));
    expect(pickers.map((x) => x.value)).toEqual(['not-started', 'third-party', 'not-started', 'not-started', 'not-started']);
    for (const x of pickers) expect(x.choices.map((c) => c.value)).toEqual([...STATUSES]);
  });

  it('stays within Teams’ size limit with every item blocked, long hostile reasons and names, and 60 people to refresh', () => {
    for (const list of catalog.checklists) {
      let p = emptyProgress();
      for (const { item } of numberedItems(list)) {
        p = setStatus(p, catalog, { checklist: list.id, item: item.id, to: 'blocked', reason: '*'.repeat(REASON_MAX), by: '29:x', byName: '*'.repeat(200) });
      }
      const userIds = Array.from({ length: 60 }, (_, i) => `29:1${'a'.repeat(85)}${i}`);
      for (const card of checklistCards(list, p, catalog, { userIds })) {
        expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
        // Fewer people get automatic refreshes before the card would fail to send.
        expect((card as { refresh: { userIds: string[] } }).refresh.userIds.length).toBeGreaterThan(0);
      }
    }
  });
});
