// Posting into a conversation from outside a turn (the notify API), within Teams' limits: one queue per
// conversation so messages keep their order and pace, 429 answered by waiting (Retry-After, else
// exponential backoff with jitter), and 403 meaning the bot is no longer there.
import { type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Log } from '../log.js';
import type { ReferenceStore, StoredReference } from '../storage/references.js';

export class NotInConversationError extends Error {
  constructor(readonly conversationId: string) {
    super(`the bot is not installed in conversation ${conversationId}`);
    this.name = 'NotInConversationError';
  }
}

export type SendOptions = { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number };

type HttpishError = { statusCode?: number; response?: { status?: number; headers?: { get?: (n: string) => string | undefined } & Record<string, unknown> } };

export function statusOf(err: unknown): number | undefined {
  const e = err as HttpishError;
  return e?.statusCode ?? e?.response?.status;
}

/** Retry-After in milliseconds (seconds or an HTTP date), if the error carries one. */
export function retryAfterMs(err: unknown, now = Date.now()): number | undefined {
  const headers = (err as HttpishError)?.response?.headers;
  const raw = headers?.get?.('retry-after') ?? (headers?.['retry-after'] as string | undefined);
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function backoffMs(attempt: number, base: number, max: number, random = Math.random): number {
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ConversationSender {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly references: ReferenceStore,
    private readonly log: Log,
    private readonly options: SendOptions = {},
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

  private async sendOne(ref: StoredReference, activity: Partial<Activity>): Promise<string> {
    const { maxRetries = 5, baseDelayMs = 500, maxDelayMs = 30_000 } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        let id = '';
        let failure: unknown;
        // A channel's reference points at a thread: posting without it starts a new post in the channel.
        const reference = { ...ref.reference, conversation: { ...(ref.reference.conversation ?? {}), id: ref.conversationId } } as unknown as ConversationReference;
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
        if ((status === 429 || (status !== undefined && status >= 500)) && attempt < maxRetries) {
          const wait = retryAfterMs(err) ?? backoffMs(attempt, baseDelayMs, maxDelayMs);
          this.log.warn('notify.retry', { conversationId: ref.conversationId, status, waitMs: wait, attempt: attempt + 1 });
          await sleep(Math.min(wait, maxDelayMs));
          continue;
        }
        throw err;
      }
    }
  }
}
