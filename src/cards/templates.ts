// Expands the Adaptive Card templates in cards/*.json with data, then refuses to hand out a card that
// Teams would reject or show broken: an unbound `${...}` (a data field that was missing), a version other
// than 1.5, or a payload over Teams' 28 KB limit. Failing here names the card; failing in Teams shows the
// user an empty bubble.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as ACDataModule from 'adaptivecards-templating';
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
const cache = new Map<string, { json: Card; template: ACDataModule.Template }>();

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
}

/** The raw template JSON, read once. */
export function loadTemplate(name: TemplateName): Card {
  return entry(name).json;
}

function entry(name: TemplateName) {
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
    hit = { json, template: new (loadTemplating().Template)(json) };
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
    for (const [k, v] of Object.entries(value)) out[k] = inertData(v);
    return out as T;
  }
  return value;
}

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Throws a CardError when the card breaks a Teams rule; returns it unchanged otherwise. */
export function checkCard(name: string, card: Card): Card {
  const text = JSON.stringify(card);
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

/** cards/<name>.json expanded with `data` as $root, and checked. */
export function expandCard(name: TemplateName, data: object): Card {
  const { template } = entry(name);
  const card = template.expand({ $root: inertData(data) }) as Card;
  return checkCard(name, card);
}
