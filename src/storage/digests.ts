// The weekly digests conversations asked for ("digest weekly monday 09:00"): one record per conversation.
import type { Weekly } from '../schedule/weekly.js';
import { isZone, WEEKDAYS } from '../schedule/weekly.js';
import type { KeyValueStore } from './kv.js';
import { baseConversationId } from './references.js';

export type DigestSubscription = {
  conversationId: string;
  /** Whose progress the digest is about (src/checklist/scope.ts). */
  scope: string;
  weekly: Weekly;
  /** Who set it up, and when: the first digest is the first occurrence after that. */
  by: string;
  byName: string;
  at: string;
};

const PREFIX = 'digests/';
const key = (conversationId: string) => `${PREFIX}${baseConversationId(conversationId)}`;

/** A record as read back: one a newer or older version wrote differently is skipped, not fatal. */
function isSubscription(x: unknown): x is DigestSubscription {
  const s = x as DigestSubscription;
  return (
    !!s &&
    typeof s.conversationId === 'string' &&
    typeof s.scope === 'string' &&
    typeof s.at === 'string' &&
    !!s.weekly &&
    (WEEKDAYS as readonly string[]).includes(s.weekly.day) &&
    /^\d{2}:\d{2}$/.test(s.weekly.time) &&
    isZone(s.weekly.zone)
  );
}

export type DigestStore = {
  get(conversationId: string): Promise<DigestSubscription | undefined>;
  save(sub: DigestSubscription): Promise<void>;
  /** True when there was one to remove. */
  remove(conversationId: string): Promise<boolean>;
  list(): Promise<DigestSubscription[]>;
};

export function digestStore(store: KeyValueStore): DigestStore {
  return {
    async get(conversationId) {
      const value = (await store.get<unknown>(key(conversationId)))?.value;
      return isSubscription(value) ? value : undefined;
    },
    async save(sub) {
      await store.put(key(sub.conversationId), { ...sub, conversationId: baseConversationId(sub.conversationId) });
    },
    async remove(conversationId) {
      if (!(await store.get(key(conversationId)))) return false;
      await store.delete(key(conversationId));
      return true;
    },
    async list() {
      const records = await Promise.all((await store.list(PREFIX)).map((k) => store.get<unknown>(k)));
      return records.flatMap((r) => (r && isSubscription(r.value) ? [r.value] : []));
    },
  };
}
