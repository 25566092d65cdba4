// What the dialogs share: how a prompt hands back text it could not use, and how prompts ask.
import type { PromptValidatorContext, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Card } from '../bot/cards.js';
import { cardMessage } from '../bot/replies.js';

/** What a dialog hands back when the user typed something it could not use: the router answers it as a question. */
export type Unrecognised = { unrecognised: string };
export const isUnrecognised = (x: unknown): x is Unrecognised => !!x && typeof x === 'object' && typeof (x as Unrecognised).unrecognised === 'string';

/**
 * Prompts accept every answer: the next step decides whether it named something, so a question typed
 * instead of an answer is answered rather than met with "please try again" forever.
 */
export const acceptAnyText = async (p: PromptValidatorContext<string>) => p.recognized.succeeded;

/** Skips the question when the command already gave the answer ("role security architect"). */
export function askUnlessGiven(step: WaterfallStepContext, promptId: string, given: string | undefined, card: Card) {
  return given ? step.next(given) : step.prompt(promptId, { prompt: cardMessage(card) });
}
