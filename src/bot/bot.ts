// The Teams activity handler. It only routes: what the user said (typed, @mentioned or clicked) goes to a
// card action, a command (./commands.ts), the active dialog, small talk, or the search; invokes go to their
// handlers (./handlers). State is saved once, at the end of the turn.
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type AppBasedLinkQuery,
  type InvokeResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { Knowledge } from '../knowledge/index.js';
import { isUnrecognised } from '../dialogs/replies.js';
import { sendCard } from './replies.js';
import { isSentComposeCard, readMessage } from '../knowledge/conversation.js';
import type { BotCards } from './cards.js';
import { invokeProblem } from './invokes.js';
import { smallTalkReply } from './small-talk.js';
import { COMMANDS } from './commands.js';
import { parseCommand } from './command-parser.js';
import { DialogsHost } from './dialogs-host.js';
import { readInput } from './read-input.js';
import { type BotDeps, type Turn, makeTurn, where } from './turn.js';
import { answerQuestion, recordFeedback, recordNativeFeedback } from './handlers/answers.js';
import { checklistSubmit, runCardVerb } from './handlers/checklist-actions.js';
import { composeQuery, linkQuery } from './handlers/message-extension.js';
import { Greetings, Installations } from './handlers/lifecycle.js';

export type { BotDeps } from './turn.js';
export { readInput } from './read-input.js';

export class ZeroTrustBot extends TeamsActivityHandler {
  private readonly dialogs: DialogsHost;
  private readonly greetings: Greetings;
  private readonly installations = new Installations(() => this.deps.references);

  constructor(private deps: BotDeps) {
    super();
    this.dialogs = new DialogsHost(deps.privateConversationState, () => ({ catalog: this.deps.knowledge.catalog, cards: this.deps.cards }));
    this.greetings = new Greetings(deps.userState);

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.installations.remember(context, true);
      await this.greetings.installed(context, this.deps.cards);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.installations.removed(context.activity.conversation.id);
      await next();
    });
    this.onTeamsTeamDeletedEvent(async (team, _context, next) => {
      await this.installations.teamDeleted(team.id);
      await next();
    });
  }

  /**
   * Answers from new knowledge (today's docs, synced) from the next turn on; a turn already running keeps
   * what it started with. The dialogs are set up again, with the new cards (a synced redirect changes where
   * a pillar links).
   */
  useKnowledge(knowledge: Knowledge, cards: BotCards): void {
    this.deps = { ...this.deps, knowledge, cards };
    this.dialogs.reset();
  }

  /** The handlers' view of this turn, with the dependencies as they are now. */
  private turn(context: TurnContext, dialogs?: DialogContext): Turn {
    return makeTurn(context, this.deps, async () => dialogs ?? (await this.dialogs.context(context)));
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.privateConversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  /** After a failed turn: drop this user's dialog so the next message starts clean. */
  clearDialog(context: TurnContext): Promise<void> {
    return this.dialogs.clear(context);
  }

  /** Invokes are checked first (see invokes.ts): any other, or a value of the wrong shape, gets a 400, never a 501. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const { name, value } = context.activity;
    const problem = invokeProblem(name, value);
    if (problem) return { status: 400, body: { code: 'BadRequest', message: problem } };
    if (name === 'message/submitAction') return recordNativeFeedback(this.turn(context), value as Record<string, unknown>);
    return super.onInvokeActivity(context);
  }

  /** Action.Execute from a card: its verb's handler answers with the card. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return runCardVerb(this.turn(context), invokeValue.action?.verb, (invokeValue.action?.data ?? {}) as Record<string, unknown>);
  }

  protected override async handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    return composeQuery(this.turn(context), query);
  }

  protected override async handleTeamsAppBasedLinkQuery(context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    return linkQuery(this.turn(context), query);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    await this.installations.remember(context);
    // A card picked in the compose box and sent into the chat is the user's message to others, not to us.
    if (!context.activity.value && isSentComposeCard(context.activity.text ?? '')) return;
    const { text, value } = readInput(context.activity);
    if (value?.action === 'feedback') return recordFeedback(this.turn(context), value);
    if (typeof value?.action === 'string' && /^checklist\.(set|details|save)$/.test(value.action)) return checklistSubmit(this.turn(context), value);
    // Prompts read activity.text: give them what the user meant (no @mention, or the clicked action).
    context.activity.text = text;

    if (await this.greetings.firstMessage(context, this.deps.cards, text)) return;
    if (!text) return sendCard(context, this.deps.cards.help(where(context)));

    // Most turns are questions outside any dialog: look at the stored dialog stack first, and set up the
    // dialog machinery (and a state write) only when a dialog runs or a command starts one.
    const inDialog = await this.deps.privateConversationState.hasActiveDialog(context);
    const command = parseCommand(text);
    if (command) {
      // A new command ends whatever dialog was waiting for an answer. A command that starts a dialog sets up
      // the dialogs itself (turn.dialogs()), when it needs them.
      const dc = inDialog ? await this.dialogs.context(context) : undefined;
      if (dc) await dc.cancelAllDialogs();
      return COMMANDS.find((c) => c.name === command.name)!.run(this.turn(context, dc), command.args);
    }
    if (inDialog) {
      const dc = await this.dialogs.context(context);
      const result = await dc.continueDialog();
      if (result.status !== 'complete' || !isUnrecognised(result.result)) return;
    }
    const reading = readMessage(text);
    if (reading.kind === 'small-talk') return void (await context.sendActivity(smallTalkReply(reading.what)));
    if (reading.kind === 'question') await answerQuestion(this.turn(context), reading.text || text);
  }
}
