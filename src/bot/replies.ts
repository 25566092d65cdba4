// Sends a card as the whole message: Teams shows an Adaptive Card attachment as the reply itself.
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Card } from './cards.js';

export const cardMessage = (card: Card) => MessageFactory.attachment(CardFactory.adaptiveCard(card));

export async function sendCard(context: TurnContext, card: Card): Promise<void> {
  await context.sendActivity(cardMessage(card));
}
