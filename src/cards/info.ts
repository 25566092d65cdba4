// The cards about the bot itself: welcome, help, about and error. They hold no guidance, so they carry
// no source footer; the about card is where the sources and the licence are spelled out.
import type { Catalog } from '../knowledge/content-loader.js';
import { DOCS_REPO_URL, LICENCE_URL, ZERO_TRUST_HOME, clip, md, plural, readableDate, readableTime } from './common.js';
import type { DocsStatus } from '../knowledge/index.js';
import { type Card, expandCard } from './templates.js';
import { COMMANDS } from '../bot/commands.js';

/**
 * Questions offered as buttons on the welcome and no-results cards. Each one is answered confidently by
 * the catalog (tests/cards checks that against the real content), so a first click never dead-ends.
 */
export const EXAMPLE_QUESTIONS = [
  'How do I start with Zero Trust?',
  'How do we protect against ransomware?',
  'Where does a security architect start?',
  'Zero Trust for Azure networking',
];

/**
 * The commands the bot understands, as help shows them: from the command table, so help never drifts from
 * what the bot parses. No "<name>" placeholders: Teams drops what looks like an HTML tag.
 */
export function helpCommands(): { command: string; what: string }[] {
  // Read when a help card is made, not when this module loads: the command table's handlers use cards.
  return COMMANDS.flatMap((c) => c.help).map((l) => ({ command: l.usage, what: l.what }));
}

export type ConversationOptions = {
  /** In channels and group chats only @mentions reach the bot; people need telling. */
  needsMention?: boolean;
  /** The bot's display name, for the @mention hint. */
  botName?: string;
};

function mentionHint({ needsMention, botName }: ConversationOptions): string {
  if (!needsMention) return '';
  return `In this conversation, start your message with @${md(botName ?? 'the bot')} so that I see it.`;
}

export function welcomeCard(options: ConversationOptions = {}, examples: string[] = EXAMPLE_QUESTIONS): Card {
  return expandCard('welcome', {
    mentionHint: mentionHint(options),
    examples: examples.slice(0, 4).map((question) => ({ question: clip(question, 80) })),
  });
}

export function helpCard(options: ConversationOptions = {}): Card {
  return expandCard('help', {
    example: EXAMPLE_QUESTIONS[1] ?? 'How do we protect against ransomware?',
    commands: helpCommands(),
    mentionHint: mentionHint(options),
  });
}

export type AboutInfo = {
  /** The bot's version, from package.json. */
  version: string;
  /** The docs the answers read, if any. */
  docs?: DocsStatus;
};

/** The about card's line on today's docs: where they come from and how fresh they are. */
export function docsLine(docs: DocsStatus | undefined): string {
  if (docs?.source === 'synced')
    return `Synced ${docs.syncedAt ? readableTime(docs.syncedAt) : ''} from MicrosoftDocs/security${docs.commit ? ` (commit ${docs.commit.slice(0, 7)})` : ''}; excerpts are read from it at run time`.replace(
      /\s+/g,
      ' ',
    );
  if (docs?.source === 'checkout') return 'Read from a local copy of the docs (ZT_DOCS_DIR); excerpts are read from it at run time';
  return 'None loaded: answers use our summaries only';
}

export function aboutCard(catalog: Catalog, info: AboutInfo): Card {
  const steps = catalog.ramp.initiatives.reduce((n, i) => n + i.steps.length, 0);
  return expandCard('about', {
    docsUrl: ZERO_TRUST_HOME,
    repoUrl: DOCS_REPO_URL,
    licenceUrl: LICENCE_URL,
    articlesSnapshot: readableDate(catalog.articles.snapshot),
    rampSnapshot: readableDate(catalog.ramp.snapshot),
    rampRetired: readableDate(catalog.ramp.retired),
    catalogSize: [
      plural(catalog.pillars.length, 'pillar'),
      plural(steps, 'RaMP step'),
      plural(catalog.roles.length, 'role'),
      plural(catalog.azure.articles.length, 'Azure article'),
      plural(catalog.articles.articles.length, 'Learn article'),
    ].join(', '),
    version: info.version,
    docs: docsLine(info.docs),
  });
}

/** When the bot's storage does not answer: the user learns that nothing was saved, and to try again. */
export const STORE_UNAVAILABLE_MESSAGE =
  'I can’t reach my storage right now, so I could not finish that and nothing was saved. Please try again in a minute; if it keeps happening, pass the reference below to whoever runs this bot.';

export const ERROR_MESSAGE = 'I could not finish that. Please try again in a moment; if it keeps happening, pass the reference below to whoever runs this bot.';

/** The correlation id lets an admin find the failure in the logs without the user describing it. */
export function errorCard(correlationId: string, message: string = ERROR_MESSAGE): Card {
  return expandCard('error', { message: md(clip(message, 300)), correlationId: clip(correlationId, 100) });
}
