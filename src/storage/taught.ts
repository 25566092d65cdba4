// The phrases taught in Teams, in one record of the store (`taught/phrases`): every instance reads the same
// record, changes go through the eTag-guarded update (kv.ts) so two admins teaching at once lose nothing,
// and the record is bounded (MAX_TAUGHT phrases of at most MAX_PHRASE characters). Who taught a phrase is an
// HMAC of their id with the deployment's salt, as in the insights records: the same person, never who.
import { createHmac } from 'node:crypto';
import { MAX_PHRASE, MAX_TAUGHT, phraseKey } from '../knowledge/taught.js';
import { type KeyValueStore, type Stored, update } from './kv.js';

export const TAUGHT_KEY = 'taught/phrases';

export type StoredPhrase = {
  phrase: string;
  /** The entry id it answers with. */
  entry: string;
  /** HMAC of who taught it. */
  by: string;
  /** ISO time. */
  at: string;
};
export type TaughtRecord = { phrases: StoredPhrase[] };

/** A phrase that cannot be kept: too long, no words, or the record is full. */
export class TaughtRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaughtRefused';
  }
}

/** The hash the insights records use for a person (src/insights/recorder.ts): `user\n<id>` with the salt. */
export const personHash = (salt: string, id: string) => createHmac('sha256', salt).update(`user\n${id}`).digest('base64url').slice(0, 22);

export type TaughtStore = {
  /** The record and its eTag; undefined when nothing was ever taught. */
  read(): Promise<Stored<TaughtRecord> | undefined>;
  /** Teaches a phrase (the same words taught again lead to the new entry); returns the record written. */
  teach(phrase: string, entry: string, who: string, now?: Date): Promise<TaughtRecord>;
  /** Removes the phrase of these words, or the n-th (1-based, in the record's order); returns it, or undefined. */
  remove(what: string | number): Promise<{ removed?: StoredPhrase; record: TaughtRecord }>;
};

export function taughtStore(store: KeyValueStore, salt: () => Promise<string>): TaughtStore {
  return {
    read: () => store.get<TaughtRecord>(TAUGHT_KEY),
    async teach(phrase, entry, who, now = new Date()) {
      const text = phrase.trim().replace(/\s+/g, ' ');
      if (text.length > MAX_PHRASE) throw new TaughtRefused(`A phrase can have at most ${MAX_PHRASE} characters (this one has ${text.length}).`);
      const key = phraseKey(text);
      if (!key) throw new TaughtRefused('That phrase has no words to match.');
      const by = personHash(await salt(), who);
      return update<TaughtRecord>(store, TAUGHT_KEY, (current) => {
        const kept = (current?.phrases ?? []).filter((p) => phraseKey(p.phrase) !== key);
        if (kept.length >= MAX_TAUGHT) throw new TaughtRefused(`I keep at most ${MAX_TAUGHT} taught phrases: remove some first (teach list, teach remove).`);
        return { phrases: [...kept, { phrase: text, entry, by, at: now.toISOString() }] };
      });
    },
    async remove(what) {
      let removed: StoredPhrase | undefined;
      const record = await update<TaughtRecord>(store, TAUGHT_KEY, (current) => {
        const phrases = current?.phrases ?? [];
        const i = typeof what === 'number' ? what - 1 : phrases.findIndex((p) => phraseKey(p.phrase) === phraseKey(what));
        removed = i >= 0 ? phrases[i] : undefined;
        return { phrases: removed ? phrases.filter((_, j) => j !== i) : phrases };
      });
      return { ...(removed ? { removed } : {}), record };
    },
  };
}
