// Where the bot lives: installed in a conversation (its reference kept, so the notify API can post there,
// also after a restart), removed from one, or its team deleted; and the welcome it gives.
import { type BotState, type StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { BotCards } from '../cards.js';
import { sendCard } from '../replies.js';
import { where } from '../turn.js';
import { type ReferenceStore, type StoredReference, baseConversationId } from '../../storage/references.js';

export class Installations {
  /** Conversations whose reference this process has stored, so a message costs no write. */
  private readonly known = new Set<string>();
  /**
   * Saves under way, by conversation: the turns that arrive while one is (ten people asking at once in a
   * conversation the bot has not met) wait for it rather than each writing the same record again.
   */
  private readonly saving = new Map<string, Promise<void>>();

  constructor(private readonly references: () => ReferenceStore) {}

  /** Keeps the conversation's reference (on install, and on the first message this process sees there). */
  async remember(context: TurnContext, installed = false): Promise<void> {
    const a = context.activity;
    const conversationId = baseConversationId(a.conversation.id);
    if (!installed && this.known.has(conversationId)) return;
    const pending = this.saving.get(conversationId);
    if (pending && !installed) return pending;
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
    const saved = this.references()
      .save(stored)
      .then(() => void this.known.add(conversationId))
      .finally(() => {
        if (this.saving.get(conversationId) === saved) this.saving.delete(conversationId);
      });
    this.saving.set(conversationId, saved);
    return saved;
  }

  async removed(conversationId: string): Promise<void> {
    await this.references().remove(conversationId);
    this.known.delete(baseConversationId(conversationId));
  }

  async teamDeleted(teamId: string | undefined): Promise<void> {
    for (const ref of await this.references().list()) {
      if (ref.teamId && ref.teamId === teamId) await this.removed(ref.conversationId);
    }
  }
}

/**
 * The welcome card: on install (not when members are added, which fires for every person who joins a
 * team), and in a 1:1 chat on the first message if the install did not greet already.
 */
export class Greetings {
  private readonly welcomed: StatePropertyAccessor<boolean>;

  constructor(userState: BotState) {
    this.welcomed = userState.createProperty<boolean>('welcomed');
  }

  async installed(context: TurnContext, cards: BotCards): Promise<void> {
    // In a 1:1 chat this is the greeting; the first message must not greet again.
    if (context.activity.conversation?.conversationType === 'personal') await this.welcomed.set(context, true);
    await sendCard(context, cards.welcome(where(context)));
  }

  /** Greets a 1:1 chat's first message; true when the message was only a greeting (nothing more to do). */
  async firstMessage(context: TurnContext, cards: BotCards, text: string): Promise<boolean> {
    // Only 1:1 chats greet on the first message, so only they read the user's state.
    if (context.activity.conversation?.conversationType !== 'personal' || (await this.welcomed.get(context))) return false;
    await this.welcomed.set(context, true);
    await sendCard(context, cards.welcome(where(context)));
    return !text || /^(hi|hello|hey|start|welcome)$/i.test(text);
  }
}
