// The Teams activity handler. It only routes: read what the user said (typed, @mentioned or clicked),
// then hand it to a command, the active dialog, or the search. State is saved once, at the end of the turn.
import {
  type Activity,
  type AppBasedLinkQuery,
  type BotState,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type StatePropertyAccessor,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { MAX_COMPOSE_RESULTS, composeAttachment, composeResults } from '../cards/compose.js';
import type { Entry, Knowledge } from '../knowledge/index.js';
import type { SearchResult } from '../knowledge/search.js';
import { findPillar, findRampStep, findRole } from '../knowledge/lookup.js';
import type { Log } from '../log.js';
import type { FeedbackLog } from '../storage/feedback.js';
import { PILLAR_WALKTHROUGH, PillarWalkthroughDialog } from '../dialogs/pillarWalkthrough.js';
import { isUnrecognised, sendCard } from '../dialogs/replies.js';
import { ROLE_ONBOARDING, RoleOnboardingDialog } from '../dialogs/roleOnboarding.js';
import type { BotCards } from './cards.js';
import { type ParsedCommand, parseCommand } from './commands.js';

export type BotDeps = {
  knowledge: Knowledge;
  cards: BotCards;
  /** Dialog state: one per user per conversation, so people in one channel never share a dialog. */
  privateConversationState: BotState;
  userState: BotState;
  feedback: FeedbackLog;
  log: Log;
};

const asResult = ({ page: _page, fields: _fields, ...e }: Entry): SearchResult => ({ ...e, score: 0, confidence: 1 });

/** In channels and group chats only @mentions reach the bot, so its cards say how to address it. */
const where = (context: TurnContext) => ({
  needsMention: context.activity.conversation?.conversationType !== 'personal',
  botName: context.activity.recipient?.name ?? 'Zero Trust Guide',
});

/** What the user said: the text without the bot's @mention, or the action of a clicked card button. */
export function readInput(activity: Partial<Activity>): { text: string; value?: Record<string, unknown> } {
  const value = activity.value && typeof activity.value === 'object' ? (activity.value as Record<string, unknown>) : undefined;
  if (value && typeof value.action === 'string') return { text: value.action.trim(), value };
  const text = activity.recipient ? TurnContext.removeRecipientMention(activity) : (activity.text ?? '');
  return { text: (text ?? '').replace(/<at>[^<]*<\/at>/g, ' ').replace(/\s+/g, ' ').trim(), ...(value ? { value } : {}) };
}

export class ZeroTrustBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly welcomed: StatePropertyAccessor<boolean>;

  constructor(private readonly deps: BotDeps) {
    super();
    this.dialogState = deps.privateConversationState.createProperty<DialogState>('dialogState');
    this.welcomed = deps.userState.createProperty<boolean>('welcomed');
    this.dialogs = new DialogSet(this.dialogState)
      .add(new RoleOnboardingDialog(deps.knowledge.catalog, deps.cards))
      .add(new PillarWalkthroughDialog(deps.knowledge.catalog, deps.cards));

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    // Welcome on install, not on members added: the latter fires for every person who joins a team.
    this.onInstallationUpdateAdd(async (context, next) => {
      await sendCard(context, deps.cards.welcome(where(context)));
      await next();
    });
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

  private async handleMessage(context: TurnContext): Promise<void> {
    const { text, value } = readInput(context.activity);
    if (value?.action === 'feedback') return this.recordFeedback(context, value);
    // Prompts read activity.text: give them what the user meant (no @mention, or the clicked action).
    context.activity.text = text;

    if (context.activity.conversation?.conversationType === 'personal' && !(await this.welcomed.get(context, false))) {
      await this.welcomed.set(context, true);
      await sendCard(context, this.deps.cards.welcome(where(context)));
      if (!text || /^(hi|hello|hey|start|welcome)$/i.test(text)) return;
    }
    if (!text) {
      await sendCard(context, this.deps.cards.help(where(context)));
      return;
    }

    const dc = await this.dialogs.createContext(context);
    const command = parseCommand(text);
    if (command) {
      // A new command ends whatever dialog was waiting for an answer.
      await dc.cancelAllDialogs();
      return this.runCommand(context, dc, command);
    }
    if (dc.activeDialog) {
      const result = await dc.continueDialog();
      if (result.status !== DialogTurnStatus.complete || !isUnrecognised(result.result)) return;
    }
    await this.answer(context, text);
  }

  private async runCommand(context: TurnContext, dc: Awaited<ReturnType<DialogSet['createContext']>>, c: ParsedCommand) {
    const { cards, knowledge } = this.deps;
    const catalog = knowledge.catalog;
    switch (c.name) {
      case 'help':
        return sendCard(context, cards.help(where(context)));
      case 'about':
        return sendCard(context, cards.about());
      case 'azure':
        return sendCard(context, cards.azure());
      case 'roles': {
        if (c.args && !findRole(catalog, c.args)) return this.answer(context, c.args);
        await dc.beginDialog(ROLE_ONBOARDING, c.args ? { role: c.args } : {});
        return;
      }
      case 'pillars':
        await dc.beginDialog(PILLAR_WALKTHROUGH, {});
        return;
      case 'pillar': {
        // "pillar identity 2" (an objective button) opens that objective directly.
        const m = /^(.*?)\s+(\d+)$/.exec(c.args);
        const pillar = findPillar(catalog, m ? m[1]! : c.args);
        if (!pillar) return this.answer(context, c.args);
        await dc.beginDialog(PILLAR_WALKTHROUGH, { pillar: pillar.id, ...(m ? { objective: Number(m[2]) } : {}) });
        return;
      }
      case 'ramp': {
        if (!c.args) return sendCard(context, cards.ramp());
        const ref = findRampStep(catalog, c.args);
        if (!ref) return this.answer(context, `ramp ${c.args}`);
        return sendCard(context, cards.rampStep(ref));
      }
    }
  }

  /** Compose-box search: the same search as chat, up to 10 results; an empty box shows where to start. */
  protected override async handleTeamsMessagingExtensionQuery(
    _context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const text = String(query.parameters?.find((p) => p.name === 'query')?.value ?? '').trim();
    const count = Math.min(MAX_COMPOSE_RESULTS, Math.max(1, query.queryOptions?.count ?? MAX_COMPOSE_RESULTS));
    const results = text ? this.deps.knowledge.search(text, { limit: count }).results : this.startingPoints().slice(0, count);
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: composeResults(results, this.deps.knowledge.catalog) } };
  }

  /** A pasted Learn link to the Zero Trust guidance gets a card; any other link gets none, and no error. */
  protected override async handleTeamsAppBasedLinkQuery(_context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    const entry = query.url ? this.deps.knowledge.lookupUrl(query.url) : undefined;
    const attachments = entry ? [composeAttachment(asResult(entry), this.deps.knowledge.catalog)] : [];
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
  }

  /** RaMP, then the documentation sets: the places the guidance itself sends newcomers. */
  private startingPoints(): SearchResult[] {
    const k = this.deps.knowledge;
    const entries = [k.entry('ramp:overview'), ...k.catalog.docSets.map((d) => k.entry(`doc-set:${d.id}`))].filter((e): e is Entry => !!e);
    const seen = new Set<string>();
    return entries.filter((e) => !seen.has(e.page) && seen.add(e.page)).map(asResult);
  }

  private async answer(context: TurnContext, text: string): Promise<void> {
    const response = this.deps.knowledge.search(text, { limit: 4 });
    await sendCard(context, this.deps.cards.answer(response));
  }

  private async recordFeedback(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const a = context.activity;
    await this.deps.feedback.record({
      time: new Date().toISOString(),
      helpful: value.helpful === true || value.helpful === 'true',
      query: String(value.query ?? '').slice(0, 500),
      resultId: String(value.resultId ?? '').slice(0, 300),
      conversationId: a.conversation?.id ?? '',
      userId: a.from?.aadObjectId ?? a.from?.id ?? '',
    });
    await context.sendActivity(
      value.helpful === true || value.helpful === 'true'
        ? 'Thanks, glad it helped.'
        : 'Thanks for telling me. Try rephrasing, or type "help" to browse the guidance by role, pillar or RaMP step.',
    );
  }
}

