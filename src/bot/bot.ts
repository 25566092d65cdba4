// The Teams activity handler. It only routes: read what the user said (typed, @mentioned or clicked),
// then hand it to a card action (by verb), a command (by name), the active dialog, small talk, or the
// search; invokes go to their handlers. What each does lives in ./handlers. State is saved once, at the end
// of the turn.
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type AppBasedLinkQuery,
  type InvokeResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type StatePropertyAccessor,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { DialogContext, DialogSet, DialogState } from 'botbuilder-dialogs';
import type { Knowledge } from '../knowledge/index.js';
import { type ReferenceStore, type StoredReference, baseConversationId } from '../storage/references.js';
import { isUnrecognised } from '../dialogs/replies.js';
import { sendCard } from './replies.js';
import { isSentComposeCard, readMessage } from '../knowledge/conversation.js';
import type { BotCards } from './cards.js';
import { invokeProblem } from './invokes.js';
import { smallTalkReply } from './small-talk.js';
import { parseCommand } from './commands.js';
import { DIALOG_STATE_PROPERTY } from './dialog-state.js';
import { type BotDeps, type Turn, where } from './turn.js';
import { answerQuestion, recordFeedback } from './handlers/answers.js';
import { checklistSubmit, runCardVerb } from './handlers/checklist-actions.js';
import { COMMAND_HANDLERS } from './handlers/commands.js';
import { composeQuery, linkQuery } from './handlers/message-extension.js';

export type { BotDeps } from './turn.js';

/** Commands that start a dialog. */
const DIALOG_COMMANDS = new Set(['roles', 'pillars', 'pillar']);

/** What the user said: the text without the bot's @mention, or the action of a clicked card button. */
export function readInput(activity: Partial<Activity>): { text: string; value?: Record<string, unknown> } {
  const value = activity.value && typeof activity.value === 'object' ? (activity.value as Record<string, unknown>) : undefined;
  if (value && typeof value.action === 'string') return { text: value.action.trim(), value };
  const text = activity.recipient ? TurnContext.removeRecipientMention(activity) : (activity.text ?? '');
  return { text: (text ?? '').replace(/<at>[^<]*<\/at>/g, ' ').replace(/\s+/g, ' ').trim(), ...(value ? { value } : {}) };
}

export class ZeroTrustBot extends TeamsActivityHandler {
  /** Loaded on the first turn that needs a dialog (see dialogs/dialog-set.ts). */
  private dialogSet: Promise<DialogSet> | undefined;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly welcomed: StatePropertyAccessor<boolean>;
  /** Conversations whose reference this process has stored, so a message costs no write. */
  private readonly known = new Set<string>();

  constructor(private deps: BotDeps) {
    super();
    this.dialogState = deps.privateConversationState.createProperty<DialogState>(DIALOG_STATE_PROPERTY);
    this.welcomed = deps.userState.createProperty<boolean>('welcomed');

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    // Welcome on install, not on members added: the latter fires for every person who joins a team.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context, true);
      // In a 1:1 chat this is the greeting; the first message must not greet again.
      if (context.activity.conversation?.conversationType === 'personal') await this.welcomed.set(context, true);
      await sendCard(context, this.deps.cards.welcome(where(context)));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.references.remove(context.activity.conversation.id);
      this.known.delete(baseConversationId(context.activity.conversation.id));
      await next();
    });
    this.onTeamsTeamDeletedEvent(async (team, _context, next) => {
      for (const ref of await this.references.list()) {
        if (ref.teamId && ref.teamId === team.id) {
          await this.references.remove(ref.conversationId);
          this.known.delete(ref.conversationId);
        }
      }
      await next();
    });
  }

  private get references(): ReferenceStore {
    return this.deps.references;
  }

  /**
   * Answers from new knowledge (today's docs, synced) from the next turn on; a turn already running keeps
   * what it started with. The dialogs are set up again on first use, with the new cards (a synced redirect
   * changes where a pillar links); their ids are the same, so a dialog in progress carries on.
   */
  useKnowledge(knowledge: Knowledge, cards: BotCards): void {
    this.deps = { ...this.deps, knowledge, cards };
    this.dialogSet = undefined;
  }

  /** The handlers' view of this turn, with the dependencies as they are now. */
  private turn(context: TurnContext, dialogs?: DialogContext): Turn {
    const deps = this.deps;
    const turn: Turn = {
      context,
      deps,
      answer: (text) => answerQuestion(turn, text),
      dialogs: async () => dialogs ?? (await this.dialogContext(context)),
    };
    return turn;
  }

  private async dialogContext(context: TurnContext): Promise<DialogContext> {
    this.dialogSet ??= import('../dialogs/dialog-set.js').then((m) => m.createDialogSet(this.dialogState, this.deps.knowledge.catalog, this.deps.cards));
    return (await this.dialogSet).createContext(context);
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.privateConversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  /** After a failed turn: drop this user's dialog so the next message starts clean. */
  async clearDialog(context: TurnContext): Promise<void> {
    await this.deps.privateConversationState.delete(context);
    await this.deps.privateConversationState.saveChanges(context, true);
  }

  /** Keeps the conversation reference, so the notify API can post here, also after a restart. */
  private async remember(context: TurnContext, installed = false): Promise<void> {
    const a = context.activity;
    const conversationId = baseConversationId(a.conversation.id);
    if (!installed && this.known.has(conversationId)) return;
    const ref = TurnContext.getConversationReference(a);
    const teamId = (a.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    const stored: StoredReference = {
      conversationId,
      conversationType: a.conversation.conversationType ?? 'personal',
      ...(teamId ? { teamId } : {}),
      ...(a.conversation.name ? { name: a.conversation.name } : {}),
      ...(a.conversation.tenantId ? { tenantId: a.conversation.tenantId } : {}),
      installedAt: new Date().toISOString(),
      reference: JSON.parse(JSON.stringify(ref)),
    };
    await this.references.save(stored);
    this.known.add(conversationId);
  }

  /**
   * Invokes this bot handles, with the shape of value each needs. Anything else (another invoke, or a value
   * of the wrong shape) gets a 400 saying so, never a handler throwing on it or the SDK's 501.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const { name, value } = context.activity;
    const problem = invokeProblem(name, value);
    if (problem) return { status: 400, body: { code: 'BadRequest', message: problem } };
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
    await this.remember(context);
    // A card picked in the compose box and sent into the chat is the user's message to others, not to us.
    if (!context.activity.value && isSentComposeCard(context.activity.text ?? '')) return;
    const { text, value } = readInput(context.activity);
    if (value?.action === 'feedback') return recordFeedback(this.turn(context), value);
    if (value?.action === 'checklist.set') return checklistSubmit(this.turn(context), value);
    // Prompts read activity.text: give them what the user meant (no @mention, or the clicked action).
    context.activity.text = text;

    // Only 1:1 chats greet on the first message, so only they read the user's state.
    if (context.activity.conversation?.conversationType === 'personal' && !(await this.welcomed.get(context))) {
      await this.welcomed.set(context, true);
      await sendCard(context, this.deps.cards.welcome(where(context)));
      if (!text || /^(hi|hello|hey|start|welcome)$/i.test(text)) return;
    }
    if (!text) {
      await sendCard(context, this.deps.cards.help(where(context)));
      return;
    }

    // Most turns are questions outside any dialog: look at the stored dialog stack first, and set up the
    // dialog machinery (and a state write) only when a dialog runs or a command starts one.
    const inDialog = await this.deps.privateConversationState.hasActiveDialog(context);
    const command = parseCommand(text);
    if (command) {
      const dc = inDialog || DIALOG_COMMANDS.has(command.name) ? await this.dialogContext(context) : undefined;
      // A new command ends whatever dialog was waiting for an answer.
      if (inDialog) await dc!.cancelAllDialogs();
      return COMMAND_HANDLERS[command.name](this.turn(context, dc), command.args);
    }
    if (inDialog) {
      const dc = await this.dialogContext(context);
      const result = await dc.continueDialog();
      if (result.status !== 'complete' || !isUnrecognised(result.result)) return;
    }
    const reading = readMessage(text);
    if (reading.kind === 'small-talk') return void (await context.sendActivity(smallTalkReply(reading.what)));
    if (reading.kind === 'question') await answerQuestion(this.turn(context), reading.text || text);
  }
}
