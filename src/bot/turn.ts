// What every handler of a turn works with: the turn's context, the bot's dependencies as they are for this
// turn (a docs refresh swaps the knowledge between turns, never during one), and what handlers hand on to
// each other: answering a question as a question, and the dialogs.
import type { BotState, TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import { progressScope } from '../checklist/scope.js';
import type { ChecklistService } from '../checklist/service.js';
import type { Insights } from '../insights/index.js';
import type { Taught } from '../insights/taught.js';
import type { Knowledge } from '../knowledge/index.js';
import type { Log } from '../log.js';
import type { DigestStore } from '../storage/digests.js';
import type { FeedbackLog } from '../storage/feedback.js';
import type { ReferenceStore } from '../storage/references.js';
import type { VoteStore } from '../storage/votes.js';
import type { BotCards, Card } from './cards.js';
import type { DialogConversationState } from './dialog-state.js';
import { answerQuestion } from './handlers/answers.js';
import { sendCard } from './replies.js';

export type BotDeps = {
  knowledge: Knowledge;
  checklists: ChecklistService;
  references: ReferenceStore;
  cards: BotCards;
  /** Dialog state: one per user per conversation, so people in one channel never share a dialog. */
  privateConversationState: DialogConversationState;
  userState: BotState;
  feedback: FeedbackLog;
  /** Votes on answers, one per person per answer (absent: the click is only logged). */
  votes?: VoteStore;
  /** What went wrong, recorded for the admins (absent: nothing is recorded, and `insights` has nothing to show). */
  insights?: Insights;
  /** Phrases taught by the admins (`teach`), kept in the store and applied to search (absent: `teach` is off). */
  taught?: Taught;
  /** Microsoft Entra object ids (lowercase) of the people who may run the admin commands. */
  admins?: ReadonlySet<string>;
  /** Weekly digests asked for in conversations (absent: `digest` says they are not set up). */
  digests?: DigestStore;
  /** What time it is: the scheduler's clock, so a test that moves it moves the commands' "now" too. */
  clock?: () => Date;
  log: Log;
};

export type Turn = {
  context: TurnContext;
  deps: BotDeps;
  /** Answers text as a question (a command whose argument named nothing falls back to this). */
  answer(text: string): Promise<void>;
  /** The dialogs of this conversation and user, set up on first use. */
  dialogs(): Promise<DialogContext>;
  /** Replies with a card, as the whole message. */
  send(card: Card): Promise<void>;
  /** Replies with text (Teams markdown). */
  say(text: string): Promise<void>;
};

/** In channels and group chats only @mentions reach the bot, so its cards say how to address it. */
export const where = (context: TurnContext) => ({
  needsMention: context.activity.conversation?.conversationType !== 'personal',
  botName: context.activity.recipient?.name ?? 'Zero Trust Guide',
});

/** Whose checklist progress a turn reads and writes: the team's (all its channels), or the chat's. */
export function scopeOf(context: TurnContext): string {
  const a = context.activity;
  return progressScope({ conversationId: a.conversation.id, teamId: (a.channelData as { team?: { id?: string } } | undefined)?.team?.id });
}

/** The handlers' view of a turn: `dialogs` opens the dialogs when a handler needs them. */
export function makeTurn(context: TurnContext, deps: BotDeps, dialogs: () => Promise<DialogContext>): Turn {
  const turn: Turn = {
    context,
    deps,
    answer: (text) => answerQuestion(turn, text),
    dialogs,
    send: (card) => sendCard(context, card),
    say: async (text) => void (await context.sendActivity({ type: 'message', textFormat: 'markdown', text })),
  };
  return turn;
}
