// Reading cards back in tests: their texts, their buttons, their footer.
import { expect } from 'vitest';
import { MAX_CARD_BYTES, SOURCE_TEXT, cardBytes } from '../../src/cards/index.js';
import { cardProblems } from '../../src/cards/validate.js';
import { type Progress, STATUSES, setStatus } from '../../src/checklist/progress.js';
import type { Catalog } from '../../src/knowledge/content-loader.js';
import type { Checklist } from '../../src/knowledge/schema.js';

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/** Every TextBlock text and FactSet value, in order. */
export function texts(card: object): string[] {
  const out: string[] = [];
  walk(card, (o) => {
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (typeof o.title === 'string' && typeof o.value === 'string') out.push(`${o.title}: ${o.value}`);
  });
  return out;
}

export type Action = { type: string; title?: string; url?: string; data?: Json };

/** Every action anywhere in the card: card actions, ActionSets, selectActions. */
export function actions(card: object): Action[] {
  const out: Action[] = [];
  walk(card, (o) => {
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o as unknown as Action);
  });
  return out;
}

export function submits(card: object): Action[] {
  return actions(card).filter((a) => a.type === 'Action.Submit');
}

/** Markdown links reduced to their text: what a reader sees. */
export const plain = (s: string) => s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');

/** The source footer, or undefined. */
export function sourceFooter(card: object): string | undefined {
  return texts(card).find((t) => plain(t) === SOURCE_TEXT);
}

/** The checks every card must pass, whatever it shows. */
export function expectTeamsReady(card: object): void {
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  expect((card as Json).type).toBe('AdaptiveCard');
  expect((card as Json).version).toBe('1.5');
  expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  expect(cardProblems(card)).toEqual([]);
  for (const a of submits(card)) {
    // The bot routes on data.action: it must be there, short, and the only routing key.
    expect(typeof a.data?.action, `button "${a.title}"`).toBe('string');
    expect((a.data!.action as string).length, `button "${a.title}"`).toBeGreaterThan(0);
    expect((a.data!.action as string).length, `button "${a.title}"`).toBeLessThanOrEqual(120);
  }
  for (const a of actions(card).filter((x) => x.type === 'Action.OpenUrl')) {
    expect(a.url, `link "${a.title}"`).toMatch(/^https:\/\//);
  }
}

/** The progress with the items of `list` set to each status in turn (item 1 Not started, item 2 the next...), by Ada. */
export function everyStatus(progress: Progress, catalog: Catalog, list: Checklist): Progress {
  return list.areas
    .flatMap((a) => a.items)
    .reduce(
      (p, item, i) =>
        setStatus(p, catalog, {
          checklist: list.id,
          item: item.id,
          to: STATUSES[i % STATUSES.length]!,
          // Blocked needs a reason; other statuses ignore it.
          reason: 'Waiting for the licences',
          by: 'u1',
          byName: 'Ada',
          at: '2026-11-30T10:00:00Z',
        }),
      progress,
    );
}
