// The Teams activity handler. It only routes: read what the user said (typed, @mentioned or clicked),
// then hand it to a command, the active dialog, or the search. State is saved once, at the end of the turn.
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type AppBasedLinkQuery,
  type BotState,
  type InvokeResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type StatePropertyAccessor,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { DialogContext, DialogSet, DialogState } from 'botbuilder-dialogs';
import { type ComposeAttachment, MAX_COMPOSE_RESULTS, composeAttachment, composeResults } from '../cards/compose.js';
import { localiseCard } from '../cards/locale.js';
import { turnLocale } from './locale-links.js';
import type { Entry, Knowledge } from '../knowledge/index.js';
import type { SearchResult } from '../knowledge/search.js';
import { findPillar, findRampStep, findRole } from '../knowledge/lookup.js';
import type { Log } from '../log.js';
import { checklistCard, checklistCards, postedByArea, progressCard } from '../cards/checklist.js';
import { ChecklistError, exportCsv, exportMarkdown, isMri, isStatus } from '../checklist/progress.js';
import { progressScope } from '../checklist/scope.js';
import type { ChecklistService } from '../checklist/service.js';
import { findChecklist } from '../knowledge/lookup.js';
import { type ReferenceStore, type StoredReference, baseConversationId } from '../storage/references.js';
import type { FeedbackLog } from '../storage/feedback.js';
import { PILLAR_WALKTHROUGH, ROLE_ONBOARDING } from '../dialogs/ids.js';
import { cardMessage, isUnrecognised, sendCard } from '../dialogs/replies.js';
import { isSentComposeCard, looksForeign, plainWords, readMessage, recognisedPart } from '../knowledge/conversation.js';
import { answerKind } from '../cards/answer.js';
import type { BotCards } from './cards.js';
import { invokeProblem } from './invokes.js';
import { notEnglishReply, smallTalkReply } from './small-talk.js';
import { type ParsedCommand, parseCommand } from './commands.js';
import { DIALOG_STATE_PROPERTY, DialogConversationState } from './dialog-state.js';

export type BotDeps = {
  knowledge: Knowledge;
  checklists: ChecklistService;
  references: ReferenceStore;
  cards: BotCards;
  /** Dialog state: one per user per conversation, so people in one channel never share a dialog. */
  privateConversationState: DialogConversationState;
  userState: BotState;
  feedback: FeedbackLog;
  log: Log;
};

const asResult = ({ page: _page, fields: _fields, ...e }: Entry): SearchResult => ({ ...e, score: 0, confidence: 1 });

/** Compose-box results answer in the invoke response, past the middleware: their cards link in the user's language here. */
const localised = (context: TurnContext, list: ComposeAttachment[]) => {
  const locale = turnLocale(context);
  return list.map((a) => ({ ...a, content: localiseCard(a.content, locale) }));
};

/** Commands that start a dialog. */
const DIALOG_COMMANDS = new Set(['roles', 'pillars', 'pillar']);

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
      await sendCard(context, deps.cards.welcome(where(context)));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await deps.references.remove(context.activity.conversation.id);
      this.known.delete(baseConversationId(context.activity.conversation.id));
      await next();
    });
    this.onTeamsTeamDeletedEvent(async (team, _context, next) => {
      for (const ref of await deps.references.list()) {
        if (ref.teamId && ref.teamId === team.id) {
          await deps.references.remove(ref.conversationId);
          this.known.delete(ref.conversationId);
        }
      }
      await next();
    });
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
    await this.deps.references.save(stored);
    this.known.add(conversationId);
  }

  private scope(context: TurnContext): string {
    const a = context.activity;
    return progressScope({ conversationId: a.conversation.id, teamId: (a.channelData as { team?: { id?: string } } | undefined)?.team?.id });
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

  /** Action.Execute from a checklist card: change an item (or just refresh the card) and answer with the card. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = invokeValue.action?.verb;
    const data = (invokeValue.action?.data ?? {}) as Record<string, unknown>;
    if (verb !== 'checklist.set' && verb !== 'checklist.refresh') {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: `unknown verb "${String(verb)}"` } as never };
    }
    try {
      const card = await this.applyChecklistAction(context, verb === 'checklist.set', data);
      // The invoke's answer updates the clicker's card; the message itself is updated for everyone else in
      // the conversation (best effort: the change is saved whether or not Teams takes the update).
      if (verb === 'checklist.set' && context.activity.replyToId) {
        await context.updateActivity({ ...cardMessage(card), id: context.activity.replyToId }).catch((err: Error) => this.deps.log.warn('checklist.update-message.failed', { message: err.message }));
      }
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: localiseCard(card, turnLocale(context)) as never };
    } catch (err) {
      if (!(err instanceof ChecklistError)) throw err;
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: err.message } as never };
    }
  }

  private async applyChecklistAction(context: TurnContext, change: boolean, data: Record<string, unknown>) {
    const catalog = this.deps.knowledge.catalog;
    const list = catalog.checklists.find((l) => l.id === data.checklist);
    if (!list) throw new ChecklistError(`There is no checklist "${String(data.checklist)}".`);
    let area = typeof data.area === 'string' && list.areas.some((a) => a.id === data.area) ? data.area : '';
    // A checklist too large for one card is answered with the card of the area the click came from (or the
    // first): a card of the whole would break Teams' size limit.
    if (!area && postedByArea(list, catalog)) area = (list.areas.find((a) => a.items.some((i) => i.id === data.item)) ?? list.areas[0]!).id;
    const scope = this.scope(context);
    let progress;
    if (change) {
      if (!isStatus(data.status)) throw new ChecklistError(`"${String(data.status)}" is not a status.`);
      const from = context.activity.from;
      progress = await this.deps.checklists.set(scope, {
        checklist: list.id,
        item: String(data.item ?? ''),
        to: data.status,
        by: from?.aadObjectId ?? from?.id ?? 'unknown',
        byName: from?.name ?? '',
        // Teams refreshes cards for users named by MRI (from.id, "29:..."), not by AAD object id.
        ...(isMri(from?.id) ? { mri: from.id } : {}),
      });
    } else {
      progress = await this.deps.checklists.progress(scope);
    }
    return checklistCard(list, progress, catalog, area, { userIds: this.deps.checklists.recentUsers(progress) });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    await this.remember(context);
    // A card picked in the compose box and sent into the chat is the user's message to others, not to us.
    if (!context.activity.value && isSentComposeCard(context.activity.text ?? '')) return;
    const { text, value } = readInput(context.activity);
    if (value?.action === 'feedback') return this.recordFeedback(context, value);
    if (value?.action === 'checklist.set') {
      // Older clients send Action.Submit: update the card in place for everyone.
      try {
        const card = await this.applyChecklistAction(context, true, value);
        if (context.activity.replyToId) {
          await context.updateActivity({ ...cardMessage(card), id: context.activity.replyToId });
        } else await sendCard(context, card);
      } catch (err) {
        if (!(err instanceof ChecklistError)) throw err;
        await context.sendActivity(err.message);
      }
      return;
    }
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
      return this.runCommand(context, () => dc ?? this.dialogContext(context), command);
    }
    if (inDialog) {
      const dc = await this.dialogContext(context);
      const result = await dc.continueDialog();
      if (result.status !== 'complete' || !isUnrecognised(result.result)) return;
    }
    const reading = readMessage(text);
    if (reading.kind === 'small-talk') return void (await context.sendActivity(smallTalkReply(reading.what)));
    if (reading.kind === 'question') await this.answer(context, reading.text || text);
  }

  private async runCommand(context: TurnContext, dialogs: () => Promise<DialogContext> | DialogContext, c: ParsedCommand) {
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
        await (await dialogs()).beginDialog(ROLE_ONBOARDING, c.args ? { role: c.args } : {});
        return;
      }
      case 'pillars':
        await (await dialogs()).beginDialog(PILLAR_WALKTHROUGH, {});
        return;
      case 'pillar': {
        // "pillar identity 2" (an objective button) opens that objective directly.
        const m = /^(.*?)\s+(\d+)$/.exec(c.args);
        const pillar = findPillar(catalog, m ? m[1]! : c.args);
        if (!pillar) return this.answer(context, c.args);
        await (await dialogs()).beginDialog(PILLAR_WALKTHROUGH, { pillar: pillar.id, ...(m ? { objective: Number(m[2]) } : {}) });
        return;
      }
      case 'checklist': {
        const list = c.args ? findChecklist(catalog, c.args) : undefined;
        if (!list) {
          const names = catalog.checklists.map((l) => `"checklist ${l.aliases[0] ?? l.id}" (${l.title})`).join(', ');
          return void (await context.sendActivity(`${c.args ? `I have no RaMP checklist for "${c.args}". ` : ''}Post one with ${names}.`));
        }
        const progress = await this.deps.checklists.progress(this.scope(context));
        for (const card of checklistCards(list, progress, catalog, { userIds: this.deps.checklists.recentUsers(progress) })) await sendCard(context, card);
        return;
      }
      case 'progress':
        return sendCard(context, progressCard(await this.deps.checklists.progress(this.scope(context)), catalog));
      case 'export': {
        const progress = await this.deps.checklists.progress(this.scope(context));
        await context.sendActivity({ type: 'message', textFormat: 'markdown', text: exportMarkdown(progress, catalog) });
        await context.sendActivity({ type: 'message', textFormat: 'markdown', text: `CSV (paste into a spreadsheet):\n\n\`\`\`\n${exportCsv(progress, catalog)}\`\`\`` });
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
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const typed = String(query.parameters?.find((p) => p.name === 'query')?.value ?? '');
    const text = plainWords(typed);
    const asked = Number(query.queryOptions?.count);
    const count = Number.isInteger(asked) ? Math.min(MAX_COMPOSE_RESULTS, Math.max(1, asked)) : MAX_COMPOSE_RESULTS;
    const results = text ? this.deps.knowledge.search(text, { limit: count, excerpt: false }).results : this.startingPoints().slice(0, count);
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: localised(context, composeResults(results, this.deps.knowledge.catalog)) } };
  }

  /** A pasted Learn link to the Zero Trust guidance gets a card; any other link gets none, and no error. */
  protected override async handleTeamsAppBasedLinkQuery(context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    const entry = query.url ? this.deps.knowledge.lookupUrl(query.url) : undefined;
    const attachments = entry ? localised(context, [composeAttachment(asResult(entry), this.deps.knowledge.catalog)]) : [];
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
    const { knowledge } = this.deps;
    let response = knowledge.search(text, { limit: 4 });
    // A question in another language is answered when its terms are recognised; otherwise it is told why not.
    if (answerKind(response) !== 'answer' && looksForeign(text, knowledge.knows)) {
      const terms = recognisedPart(text, knowledge.knows);
      const again = terms ? knowledge.search(terms, { limit: 4 }) : undefined;
      if (!again || answerKind(again) !== 'answer') return void (await context.sendActivity(notEnglishReply()));
      response = { ...again, query: text };
    }
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

