// The admins' picker for `teach <phrase> => <words>`: the top search results for the words, each with a
// button that teaches the phrase with that result (it sends `teach <phrase> => <entry id>`).
import type { SearchResult } from '../knowledge/search.js';
import { clip, md, mdLink } from './common.js';
import { CARD_VERSION, type Card, checkCard, inertData } from './templates.js';

/** Results offered: Teams shows at most six buttons on a card. */
export const MAX_PICKS = 5;
const MAX_TITLE = 60;

/** What a picker button sends: the whole command, so it works typed as well as clicked. */
export const teachCommand = (phrase: string, entryId: string) => `teach ${phrase} => ${entryId}`;

export function teachPickerCard(phrase: string, words: string, results: SearchResult[]): Card {
  const picks = results.slice(0, MAX_PICKS);
  const card: Card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    body: [
      { type: 'TextBlock', text: 'Teach a phrase', style: 'heading', size: 'Medium', weight: 'Bolder', wrap: true },
      {
        type: 'TextBlock',
        text: md(`Which page should questions with “${clip(phrase, 120)}” get first? The top results for “${clip(words, 120)}”:`),
        wrap: true,
      },
      ...picks.map((r, i) => ({
        type: 'TextBlock',
        text: `${i + 1}. ${mdLink(clip(r.title, 90), r.url)}${r.context ? ` · ${md(clip(r.context, 80))}` : ''}`,
        wrap: true,
        spacing: 'Small',
      })),
      { type: 'TextBlock', text: 'Or type teach <phrase> => <Learn link or entry id>.', size: 'Small', isSubtle: true, wrap: true },
    ],
    actions: picks.map((r, i) => ({
      type: 'Action.Submit',
      title: `${i + 1}. ${clip(r.title, MAX_TITLE)}`,
      data: { action: teachCommand(phrase, r.id) },
    })),
  };
  return checkCard('teach-picker', inertData(card));
}
