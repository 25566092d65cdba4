// Helpful / not helpful votes on an answer: one per person per answer message, the last one counts. Kept
// in the store (shared by every instance), the voter known only by a hash of their Teams id.
import { createHash } from 'node:crypto';
import { type KeyValueStore, update } from './kv.js';
import { baseConversationId } from './references.js';

export type AnswerVotes = {
  query: string;
  resultId: string;
  /** Hash of the voter's id -> helpful or not. */
  votes: Record<string, boolean>;
  /** How many votes were written (absent in records older than it): the later of two tallies has more. */
  changes?: number;
};

export type Tally = { helpful: number; notHelpful: number };

/** The tally after a vote, with what the answer was (empty when no vote on it ever said) and its change count. */
export type VoteOutcome = Tally & { query: string; resultId: string; changes: number };

export type VoteStore = {
  /** Records a person's vote on an answer message (replacing their earlier one) and gives the tally. */
  vote(v: { conversationId: string; messageId: string; voterId: string; helpful: boolean; query: string; resultId: string }): Promise<VoteOutcome>;
};

/** Keys are path-safe: a message id is the client's, not ours, so it is hashed too. */
const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 32);

export const tallyOf = (v: AnswerVotes): Tally => {
  const all = Object.values(v.votes);
  return { helpful: all.filter(Boolean).length, notHelpful: all.filter((h) => !h).length };
};

export function voteStore(store: KeyValueStore): VoteStore {
  return {
    async vote({ conversationId, messageId, voterId, helpful, query, resultId }) {
      const key = `votes/${digest(baseConversationId(conversationId))}/${digest(messageId)}`;
      const voter = digest(`voter:${voterId}`);
      // Teams' own feedback does not say what the answer was: a later click on the card's buttons does.
      const written = await update<AnswerVotes>(store, key, (current) => ({
        query: current?.query || query,
        resultId: current?.resultId || resultId,
        votes: { ...(current?.votes ?? {}), [voter]: helpful },
        changes: (current?.changes ?? 0) + 1,
      }));
      return { ...tallyOf(written), query: written.query, resultId: written.resultId, changes: written.changes ?? 1 };
    },
  };
}
