// Where the bot is installed: one conversation reference per conversation, kept durably so that posting
// from outside (the notify API) still works after a restart. Stored as plain JSON; botbuilder's
// ConversationReference is a plain object of this shape.
import type { KeyValueStore } from './kv.js';

export type StoredReference = {
  /** The conversation id without a channel thread's ";messageid=..." part. */
  conversationId: string;
  conversationType: string;
  /** The team for channel conversations: progress is shared across the team's channels. */
  teamId?: string;
  name?: string;
  tenantId?: string;
  installedAt: string;
  /** botbuilder ConversationReference, as captured from an activity. */
  reference: Record<string, unknown> & { serviceUrl?: string; conversation?: { id: string } };
};

export type ReferenceStore = {
  save(ref: StoredReference): Promise<void>;
  remove(conversationId: string): Promise<boolean>;
  get(conversationId: string): Promise<StoredReference | undefined>;
  list(): Promise<StoredReference[]>;
};

const PREFIX = 'references/';
export const baseConversationId = (id: string) => id.split(';')[0]!;

export function referenceStore(store: KeyValueStore): ReferenceStore {
  const key = (conversationId: string) => `${PREFIX}${baseConversationId(conversationId)}`;
  return {
    async save(ref) {
      const current = await store.get<StoredReference>(key(ref.conversationId));
      // Keep the first install time; refresh everything else (service URLs can move).
      const value = { ...ref, installedAt: current?.value.installedAt ?? ref.installedAt };
      await store.put(key(ref.conversationId), value);
    },
    async remove(conversationId) {
      const exists = await store.get(key(conversationId));
      if (!exists) return false;
      await store.delete(key(conversationId));
      return true;
    },
    async get(conversationId) {
      return (await store.get<StoredReference>(key(conversationId)))?.value;
    },
    async list() {
      const keys = await store.list(PREFIX);
      const refs = await Promise.all(keys.map((k) => store.get<StoredReference>(k)));
      return refs.flatMap((r) => (r ? [r.value] : [])).sort((a, b) => a.installedAt.localeCompare(b.installedAt));
    },
  };
}
