// Role onboarding: choose a role (button or typed, typos forgiven) -> the documentation sets for that role,
// the RaMP steps that fit it, and where to start.
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { BotCards } from '../bot/cards.js';
import type { Catalog } from '../knowledge/content-loader.js';
import { findRole } from '../knowledge/lookup.js';
import { cardMessage, sendCard } from './replies.js';

export const ROLE_ONBOARDING = 'roleOnboarding';
const ROLE_PROMPT = 'rolePrompt';

export type RoleOnboardingOptions = { role?: string };

export class RoleOnboardingDialog extends ComponentDialog {
  constructor(
    private readonly catalog: Catalog,
    private readonly cards: BotCards,
  ) {
    super(ROLE_ONBOARDING);
    // Every answer is accepted here: the next step decides whether it named a role, so a question typed
    // instead of a role is answered rather than met with "please try again" forever.
    this.addDialog(new TextPrompt(ROLE_PROMPT, async (p: PromptValidatorContext<string>) => p.recognized.succeeded));
    this.addDialog(
      new WaterfallDialog(`${ROLE_ONBOARDING}.steps`, [this.askRole.bind(this), this.showRole.bind(this)]),
    );
    this.initialDialogId = `${ROLE_ONBOARDING}.steps`;
  }

  private async askRole(step: WaterfallStepContext) {
    const wanted = (step.options as RoleOnboardingOptions | undefined)?.role;
    if (wanted) return step.next(wanted);
    return step.prompt(ROLE_PROMPT, { prompt: cardMessage(this.cards.roles()) });
  }

  private async showRole(step: WaterfallStepContext) {
    const typed = String(step.result ?? '');
    const role = findRole(this.catalog, typed);
    if (!role) return step.endDialog({ unrecognised: typed });
    await sendCard(step.context, this.cards.role(role));
    return step.endDialog({ role: role.id });
  }
}
