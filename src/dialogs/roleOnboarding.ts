// Role onboarding: choose a role (button or typed, typos forgiven) -> the documentation sets for that role,
// the RaMP steps that fit it, and where to start.
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotCards } from '../bot/cards.js';
import type { Catalog } from '../knowledge/content-loader.js';
import { findRole } from '../knowledge/lookup.js';
import { sendCard } from '../bot/replies.js';
import { acceptAnyText, askUnlessGiven } from './replies.js';

export { ROLE_ONBOARDING } from './ids.js';
import { ROLE_ONBOARDING } from './ids.js';
const ROLE_PROMPT = 'rolePrompt';

export type RoleOnboardingOptions = { role?: string };

export class RoleOnboardingDialog extends ComponentDialog {
  constructor(
    private readonly catalog: Catalog,
    private readonly cards: BotCards,
  ) {
    super(ROLE_ONBOARDING);
    this.addDialog(new TextPrompt(ROLE_PROMPT, acceptAnyText));
    this.addDialog(new WaterfallDialog(`${ROLE_ONBOARDING}.steps`, [this.askRole.bind(this), this.showRole.bind(this)]));
    this.initialDialogId = `${ROLE_ONBOARDING}.steps`;
  }

  private async askRole(step: WaterfallStepContext) {
    return askUnlessGiven(step, ROLE_PROMPT, (step.options as RoleOnboardingOptions | undefined)?.role, this.cards.roles());
  }

  private async showRole(step: WaterfallStepContext) {
    const typed = String(step.result ?? '');
    const role = findRole(this.catalog, typed);
    if (!role) return step.endDialog({ unrecognised: typed });
    await sendCard(step.context, this.cards.role(role));
    return step.endDialog({ role: role.id });
  }
}
