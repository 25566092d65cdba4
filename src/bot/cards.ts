// What the bot needs from the card builders: one small interface, so the dialogs and the router ask for
// a card by meaning and src/cards decides how it looks.
export type { BotCardSet as BotCards } from '../cards/bot-cards.js';
export type { Card } from '../cards/templates.js';
