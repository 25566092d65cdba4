// The bot's dialogs in one set. Imported on the first message that needs a dialog, not at start:
// botbuilder-dialogs is the largest library the bot uses (about 0.2 s and 35 MB to load), and most turns
// are questions that never touch it.
import type { StatePropertyAccessor } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { BotCards } from '../bot/cards.js';
import type { Catalog } from '../knowledge/content-loader.js';
import { PillarWalkthroughDialog } from './pillarWalkthrough.js';
import { RoleOnboardingDialog } from './roleOnboarding.js';

export function createDialogSet(state: StatePropertyAccessor<DialogState>, catalog: Catalog, cards: BotCards): DialogSet {
  return new DialogSet(state).add(new RoleOnboardingDialog(catalog, cards)).add(new PillarWalkthroughDialog(catalog, cards));
}
