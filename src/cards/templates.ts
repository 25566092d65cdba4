// Expands the Adaptive Card templates in cards/*.json with data, then refuses to hand out a card that
// Teams would reject or show broken: an unbound `${...}` (a data field that was missing), a version other
// than 1.5, or a payload over Teams' 28 KB limit. Failing here names the card; failing in Teams shows the
// user an empty bubble.
//
// Expanding a template with adaptivecards-templating evaluates every expression of the template anew (an
// answer card: about a tenth of a millisecond and 60 KB of garbage, as much as the search that found it).
// Our templates only place values as they are, and test them for emptiness, a count or truth (checked when
// a template is read: see shapedExpansion). So the library expands each template once per shape of data
// (which strings are empty, how long each list is, the numbers and booleans) with a placeholder in every
// non-empty string, and each card fills its own values into that expansion.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as ACDataModule from 'adaptivecards-templating';
import { LRUCache } from 'lru-cache';
import { CARDS_DIR } from '../paths.js';

export type Card = Record<string, unknown>;

export const TEMPLATE_NAMES = [
  'answer',
  'did-you-mean',
  'no-results',
  'welcome',
  'help',
  'about',
  'error',
  'roles',
  'role',
  'pillars',
  'pillar',
  'objective',
  'ramp',
  'ramp-step',
  'azure',
  'link',
  'checklist',
  'progress',
  'insights',
  'digest',
  'reminder',
] as const;

export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const CARD_VERSION = '1.5';
/** Teams refuses activities over about 28 KB; the card is most of the activity. */
export const MAX_CARD_BYTES = 28 * 1024;

export class CardError extends Error {
  constructor(
    readonly template: string,
    readonly problem: string,
  ) {
    super(`card "${template}": ${problem}`);
    this.name = 'CardError';
  }
}

let templateDir: string | undefined;
type Loaded = { json: Card; template: ACDataModule.Template; shaped: boolean };
const cache = new Map<string, Loaded>();
/** Expansions of each template by shape of data, with placeholders for the values (see the top). */
const byShape = new LRUCache<string, Shaped>({ max: 500 });
/**
 * An expansion with placeholders, checked (see checkCard) once: its size in bytes, and how often each
 * placeholder occurs in it, so that a filled card's size is known without serialising it.
 */
type Shaped = { card: Card; bytes: number; uses: number[] };

/**
 * The templating library, loaded on the first card rather than at start-up (it brings the adaptive
 * expressions engine, about a tenth of a second): the bot is healthy sooner, and warmUp() loads it right
 * after, so the first question does not wait for it either.
 */
let templating: typeof ACDataModule | undefined;
export function loadTemplating(): typeof ACDataModule {
  return (templating ??= createRequire(import.meta.url)('adaptivecards-templating') as typeof ACDataModule);
}

/** Points the loader at another template folder (tests, or a build that moves cards/). */
export function setTemplateDir(dir: string): void {
  templateDir = dir;
  cache.clear();
  byShape.clear();
}

/** The raw template JSON, read once. */
export function loadTemplate(name: TemplateName): Card {
  return entry(name).json;
}

function entry(name: TemplateName): Loaded {
  let hit = cache.get(name);
  if (!hit) {
    templateDir ??= CARDS_DIR;
    const file = join(templateDir, `${name}.json`);
    let json: Card;
    try {
      json = JSON.parse(readFileSync(file, 'utf8')) as Card;
    } catch (err) {
      throw new CardError(name, `cannot read template ${file}: ${(err as Error).message}`);
    }
    // A Template instance can be expanded with different data many times; preparing it is the slow part.
    hit = { json, template: new (loadTemplating().Template)(json), shaped: shapedExpansion(json) };
    cache.set(name, hit);
  }
  return hit;
}

/**
 * Text that arrives from users or content and happens to contain "${" would survive expansion and then
 * look like an unbound binding to the guard below (and to Teams' own templating). A zero-width space
 * between "$" and "{" keeps the text readable and inert.
 */
export function inertData<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('${') ? value.replace(/\$\{/g, '$\u200B{') : value) as T;
  if (Array.isArray(value)) return value.map((v) => inertData(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = inertData((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Throws a CardError when the card breaks a Teams rule; returns it unchanged otherwise. */
export function checkCard(name: string, card: Card, text = JSON.stringify(card)): Card {
  const unbound = text.includes('${') ? /\$\{[^}]*\}?/.exec(text) : null;
  if (unbound) throw new CardError(name, `unbound template expression ${unbound[0].slice(0, 60)}`);
  if (card.type !== 'AdaptiveCard') throw new CardError(name, 'type must be "AdaptiveCard"');
  if (card.version !== CARD_VERSION) {
    throw new CardError(name, `version must be "${CARD_VERSION}", found ${JSON.stringify(card.version)}`);
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CARD_BYTES) throw new CardError(name, `${bytes} bytes is over the ${MAX_CARD_BYTES} byte limit`);
  return card;
}

let shapes = true;
/** Turns expansion by shape off (or on again): tests compare the cards both ways. */
export function useShapes(on: boolean): void {
  shapes = on;
}

/** cards/<name>.json expanded with `data` as $root, and checked. */
export function expandCard(name: TemplateName, data: object): Card {
  const { template, shaped } = entry(name);
  const inert = inertData(data);
  if (!shaped || !shapes) return checkCard(name, template.expand({ $root: inert }) as Card);
  const values: string[] = [];
  const slotted = withSlots(inert, values);
  if (values.length > MAX_SLOTS) return checkCard(name, template.expand({ $root: inert }) as Card);
  const key = `${name}\n${shapeOf(inert)}`;
  let shape = byShape.get(key);
  if (!shape) byShape.set(key, (shape = shapedCard(name, template.expand({ $root: slotted }) as Card)));
  const card = fill(shape.card, values, name) as Card;
  // The values are inert, so only the size can break a rule the expansion kept. A value's JSON takes at
  // most six bytes per character (\u001f); when even that fits, the card fits, and the exact size is
  // counted (by serialising it) only near the limit.
  let most = shape.bytes;
  for (let i = 0; i < values.length; i++) most += (shape.uses[i] ?? 0) * 6 * values[i]!.length;
  return most <= MAX_CARD_BYTES ? card : checkCard(name, card);
}

function shapedCard(name: string, card: Card): Shaped {
  const text = JSON.stringify(card);
  // A placeholder stands for an unbound expression of its own: the check looks past them.
  checkCard(name, card, text.replace(SLOTS, ''));
  const uses: number[] = [];
  for (const m of text.matchAll(SLOTS)) {
    const i = m[0].charCodeAt(0) - SLOT;
    uses[i] = (uses[i] ?? 0) + 1;
  }
  return { card, bytes: Buffer.byteLength(text, 'utf8'), uses: Array.from(uses, (u) => u ?? 0) };
}

// A placeholder is one character of Unicode's private use area, standing for the value of its number.
const SLOT = 0xe000;
const MAX_SLOTS = 0xf8ff - SLOT;
const SLOTS = /[\ue000-\uf8ff]/g;
const HAS_SLOT = /[\ue000-\uf8ff]/;

/**
 * Whether a template can be expanded by shape: each of its expressions is a value used as it is
 * (`${title}`), or a test of one for emptiness, a count or truth (`${note != ''}`, `${count(list) > 0}`,
 * `${!hasChanges}`), whose outcome the shape decides; and it has no private-use character of its own.
 * Any other expression (a function of a value, a comparison with a word) is expanded by the library each time.
 */
export function shapedExpansion(json: Card): boolean {
  const text = JSON.stringify(json);
  if (HAS_SLOT.test(text)) return false;
  const PATH = String.raw`\$?[A-Za-z_][\w.$]*`;
  const plain = new RegExp(`^(?:!?${PATH}|${PATH} != ''|count\\(${PATH}\\) > 0)$`);
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) if (!plain.test(m[1]!)) return false;
  return true;
}

/** What decides an expansion's structure: empty or not for strings, lengths of lists, numbers and booleans. */
function shapeOf(v: unknown): string {
  if (typeof v === 'string') return v ? 's' : 'e';
  if (Array.isArray(v)) return `[${v.map(shapeOf).join(',')}]`;
  if (v && typeof v === 'object') {
    let out = '{';
    for (const k in v) out += `${k}:${shapeOf((v as Record<string, unknown>)[k])},`;
    return `${out}}`;
  }
  return String(v);
}

/** `v` with each non-empty string replaced by a placeholder; the strings go to `values`, in the same order as shapeOf walks. */
function withSlots(v: unknown, values: string[]): unknown {
  if (typeof v === 'string') {
    if (!v) return v;
    values.push(v);
    return values.length <= MAX_SLOTS ? String.fromCharCode(SLOT + values.length - 1) : v;
  }
  if (Array.isArray(v)) return v.map((x) => withSlots(x, values));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k in v) out[k] = withSlots((v as Record<string, unknown>)[k], values);
    return out;
  }
  return v;
}

/** A copy of an expansion with every placeholder replaced by its value. */
function fill(node: unknown, values: string[], name: string): unknown {
  if (typeof node === 'string') {
    if (!HAS_SLOT.test(node)) return node;
    // Most strings are one value as it is: that value itself, not a copy.
    if (node.length === 1) return values[node.charCodeAt(0) - SLOT]!;
    const text = node.replace(SLOTS, (c) => values[c.charCodeAt(0) - SLOT]!);
    // Two values side by side ("$" and "{x}") could still spell an expression.
    const unbound = text.includes('${') && /\$\{[^}]*\}?/.exec(text);
    if (unbound) throw new CardError(name, `unbound template expression ${unbound[0].slice(0, 60)}`);
    return text;
  }
  if (Array.isArray(node)) return node.map((x) => fill(x, values, name));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const k in node) out[k] = fill((node as Record<string, unknown>)[k], values, name);
    return out;
  }
  return node;
}
