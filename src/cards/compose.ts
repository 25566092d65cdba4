// The compose box: search results as message-extension attachments (a preview to pick from and the card
// that is inserted), and the card for a pasted Zero Trust link. Plain data; the bot wraps it.
import type { Catalog } from '../knowledge/content-loader.js';
import type { SearchResult } from '../knowledge/search.js';
import { summaryOf, whatItIs } from './answer.js';
import { clip, freshness, md, sourceLine } from './common.js';
import { type Card, expandCard } from './templates.js';

/** Teams shows at most this many results in the compose-box list. */
export const MAX_COMPOSE_RESULTS = 10;

export type ComposeAttachment = {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: Card;
  preview: { contentType: 'application/vnd.microsoft.card.thumbnail'; content: { title: string; text: string } };
};

/** A compact card for one entry, without feedback buttons: it is posted by a person, not answered by the bot. */
export function linkCard(r: SearchResult, catalog: Catalog): Card {
  const fresh = freshness(r, catalog);
  return expandCard('link', {
    title: md(clip(r.title, 200)),
    whatItIs: md(whatItIs(r)),
    summary: summaryOf(r, catalog),
    freshness: fresh,
    freshnessStyle: fresh.retired ? 'warning' : 'emphasis',
    url: r.url,
    sourceLine: sourceLine(r.url),
  });
}

export function composeAttachment(r: SearchResult, catalog: Catalog): ComposeAttachment {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: linkCard(r, catalog),
    // Thumbnail text is plain text: no markdown escapes.
    preview: {
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: { title: clip(r.title, 80), text: clip(`${whatItIs(r)}${r.retired ? ' · retired page, links the live one' : ''}`, 120) },
    },
  };
}

export function composeResults(results: SearchResult[], catalog: Catalog): ComposeAttachment[] {
  return results.slice(0, MAX_COMPOSE_RESULTS).map((r) => composeAttachment(r, catalog));
}
