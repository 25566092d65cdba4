// Posting into a conversation from outside a turn (the notify API), within Teams' limits: one queue per
// conversation so messages keep their order and pace, 429 and 5xx retried by the connector's own policy
// (src/bot/outbound.ts, with Retry-After capped), and 403 meaning the bot is no longer there.
import { type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Log } from '../log.js';
import type { ReferenceStore, StoredReference } from '../storage/references.js';

export class NotInConversationError extends Error {
  constructor(readonly conversationId: string) {
    super(`the bot is not installed in conversation ${conversationId}`);
    this.name = 'NotInConversationError';
  }
}

type HttpishError = { statusCode?: number; response?: { status?: number } };

export function statusOf(err: unknown): number | undefined {
  const e = err as HttpishError;
  return e?.statusCode ?? e?.response?.status;
}

export class ConversationSender {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly references: ReferenceStore,
    private readonly log: Log,
  ) {}

  /** Posts the activities in order into the conversation; resolves with their ids. */
  post(ref: StoredReference, activities: Partial<Activity>[]): Promise<string[]> {
    const key = ref.conversationId;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.sendAll(ref, activities));
    this.queues.set(key, run);
    const forget = () => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    };
    run.then(forget, forget);
    return run;
  }

  private async sendAll(ref: StoredReference, activities: Partial<Activity>[]): Promise<string[]> {
    const ids: string[] = [];
    for (const activity of activities) ids.push(await this.sendOne(ref, activity));
    return ids;
  }

  /** One post. Throttling and transient failures are retried by the connector's own policy (outbound.ts). */
  private async sendOne(ref: StoredReference, activity: Partial<Activity>): Promise<string> {
    try {
      let id = '';
      let failure: unknown;
      // A channel's reference points at a thread: posting without it starts a new post in the channel.
      const reference = {
        ...ref.reference,
        conversation: { ...(ref.reference.conversation ?? {}), id: ref.conversationId },
      } as unknown as ConversationReference;
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        // Caught here, or the adapter's turn-error handler would swallow it and the caller see success.
        try {
          id = (await context.sendActivity(activity))?.id ?? '';
        } catch (err) {
          failure = err;
        }
      });
      if (failure) throw failure;
      return id;
    } catch (err) {
      const status = statusOf(err);
      if (status === 403 || status === 404) {
        await this.references.remove(ref.conversationId);
        this.log.warn('notify.removed', { conversationId: ref.conversationId, status });
        throw new NotInConversationError(ref.conversationId);
      }
      throw err;
    }
  }
}
