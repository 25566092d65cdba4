// The compose box: search results to insert, and the card for a pasted Zero Trust link. Both answer in the
// invoke's response, past the outgoing middleware, so their cards are put in the user's language here.
import type { AppBasedLinkQuery, MessagingExtensionQuery, MessagingExtensionResponse, TurnContext } from 'botbuilder';
import { type ComposeAttachment, MAX_COMPOSE_RESULTS, composeAttachment, composeResults } from '../../cards/compose.js';
import { localiseCard } from '../../cards/locale.js';
import { plainWords } from '../../knowledge/conversation.js';
import type { Entry, Knowledge } from '../../knowledge/index.js';
import type { SearchResult } from '../../knowledge/search.js';
import { turnLocale } from '../locale-links.js';
import type { Turn } from '../turn.js';

const asResult = ({ page: _page, fields: _fields, ...e }: Entry): SearchResult => ({ ...e, score: 0, confidence: 1 });

const localised = (context: TurnContext, list: ComposeAttachment[]) => {
  const locale = turnLocale(context);
  return list.map((a) => ({ ...a, content: localiseCard(a.content, locale) }));
};

const results = (attachments: ComposeAttachment[]): MessagingExtensionResponse => ({
  composeExtension: { type: 'result', attachmentLayout: 'list', attachments },
});

/** RaMP, then the documentation sets: the places the guidance itself sends newcomers. */
function startingPoints(k: Knowledge): SearchResult[] {
  const entries = [k.entry('ramp:overview'), ...k.catalog.docSets.map((d) => k.entry(`doc-set:${d.id}`))].filter((e): e is Entry => !!e);
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.page) && seen.add(e.page)).map(asResult);
}

/** Compose-box search: the same search as chat, up to 10 results; an empty box shows where to start. */
export function composeQuery({ context, deps }: Turn, query: MessagingExtensionQuery): MessagingExtensionResponse {
  const typed = String(query.parameters?.find((p) => p.name === 'query')?.value ?? '');
  const text = plainWords(typed);
  const asked = Number(query.queryOptions?.count);
  const count = Number.isInteger(asked) ? Math.min(MAX_COMPOSE_RESULTS, Math.max(1, asked)) : MAX_COMPOSE_RESULTS;
  const found = text ? deps.knowledge.search(text, { limit: count, excerpt: false }).results : startingPoints(deps.knowledge).slice(0, count);
  return results(localised(context, composeResults(found, deps.knowledge.catalog)));
}

/** A pasted Learn link to the Zero Trust guidance gets a card; any other link gets none, and no error. */
export function linkQuery({ context, deps }: Turn, query: AppBasedLinkQuery): MessagingExtensionResponse {
  const entry = query.url ? deps.knowledge.lookupUrl(query.url) : undefined;
  return results(entry ? localised(context, [composeAttachment(asResult(entry), deps.knowledge.catalog)]) : []);
}
