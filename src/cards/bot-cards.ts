// All cards of one catalog behind the names the bot asks for (src/bot/cards.ts: BotCards), so the bot
// and the dialogs never pass the catalog around or pick templates themselves.
import { readFileSync } from 'node:fs';
import { PACKAGE_JSON } from '../paths.js';
import type { Catalog } from '../knowledge/content-loader.js';
import type { StepRef } from '../knowledge/lookup.js';
import type { Pillar, Role } from '../knowledge/schema.js';
import type { SearchResponse } from '../knowledge/search.js';
import type { DocsStatus } from '../knowledge/index.js';
import { deepFreeze } from '../freeze.js';
import { answerCards } from './answer.js';
import { azureCard } from './azure.js';
import { type ConversationOptions, EXAMPLE_QUESTIONS, aboutCard, errorCard, helpCard, welcomeCard } from './info.js';
import { objectiveCard, pillarCard, pillarsCard } from './pillars.js';
import { rampCard, rampStepCard } from './ramp.js';
import { roleCard, rolesCard } from './roles.js';
import type { Card } from './templates.js';

export type BotCardSet = {
  welcome(options?: ConversationOptions): Card;
  help(options?: ConversationOptions): Card;
  about(): Card;
  error(correlationId: string, message?: string): Card;
  answer(response: SearchResponse): Card;
  roles(): Card;
  role(role: Role): Card;
  pillars(): Card;
  pillar(pillar: Pillar): Card;
  objective(pillar: Pillar, index: number): Card;
  ramp(): Card;
  rampStep(ref: StepRef): Card;
  azure(): Card;
};

export type BotCardOptions = {
  /** Shown on the about card; defaults to the version in package.json. */
  version?: string;
  /** Questions offered on the welcome and no-results cards. */
  examples?: string[];
  /** Answer cards kept by result set (see answerCards); 0 builds every card anew. */
  answerCacheSize?: number;
  /** The docs the answers read: the about card and the answers' freshness line say when they were synced. */
  docs?: DocsStatus;
};

/** The version in the project's package.json. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') return pkg.version;
  } catch {
    // no package.json beside the code: report the version as unknown
  }
  return 'unknown';
}

export function createBotCards(catalog: Catalog, options: BotCardOptions = {}): BotCardSet {
  const version = options.version ?? packageVersion();
  const examples = options.examples ?? EXAMPLE_QUESTIONS;
  // A remembered (frozen) search response gets the card built for it the first time, frozen as well:
  // the card depends on nothing else, and it is dropped with the response when the cache lets it go.
  const build = answerCards(catalog, examples, options.answerCacheSize ?? 0, options.docs);
  const answers = new WeakMap<SearchResponse, Card>();
  const answer = (response: SearchResponse): Card => {
    if (!Object.isFrozen(response)) return build(response);
    let card = answers.get(response);
    if (!card) answers.set(response, (card = deepFreeze(build(response))));
    return card;
  };
  return {
    welcome: (o) => welcomeCard(o, examples),
    help: (o) => helpCard(o),
    about: () => aboutCard(catalog, { version, ...(options.docs ? { docs: options.docs } : {}) }),
    error: (correlationId, message) => errorCard(correlationId, message),
    answer,
    roles: () => rolesCard(catalog),
    role: (role) => roleCard(role, catalog),
    pillars: () => pillarsCard(catalog),
    pillar: (pillar) => pillarCard(pillar, catalog),
    objective: (pillar, index) => objectiveCard(pillar, index, catalog),
    ramp: () => rampCard(catalog),
    rampStep: (ref) => rampStepCard(ref, catalog),
    azure: () => azureCard(catalog),
  };
}
