// Sends a card as the whole message: Teams shows an Adaptive Card attachment as the reply itself.
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Card } from '../bot/cards.js';

export const cardMessage = (card: Card) => MessageFactory.attachment(CardFactory.adaptiveCard(card));

export async function sendCard(context: TurnContext, card: Card): Promise<void> {
  await context.sendActivity(cardMessage(card));
}

/** What a dialog hands back when the user typed something it could not use: the router answers it as a question. */
export type Unrecognised = { unrecognised: string };
export const isUnrecognised = (x: unknown): x is Unrecognised =>
  !!x && typeof x === 'object' && typeof (x as Unrecognised).unrecognised === 'string';
