// The team digests as scheduled jobs: one per conversation that asked for one. An occurrence first reminds
// the owners of overdue items in their 1:1 chats, then posts the digest, each step recorded on the claim
// (./claims.ts) so that it is done once even when another instance finishes what a dead one started.
import type { Activity } from 'botbuilder';
import { type OwnerReminder, overdueOwners, teamDigest } from '../checklist/digest.js';
import { dayOf } from '../checklist/progress.js';
import type { ChecklistService } from '../checklist/service.js';
import { type ReminderOutcome, digestCard, reminderCard } from '../cards/digest.js';
import type { Card } from '../cards/templates.js';
import type { Catalog } from '../knowledge/content-loader.js';
import type { Log } from '../log.js';
import type { DigestStore, DigestSubscription } from '../storage/digests.js';
import type { ReferenceStore, StoredReference } from '../storage/references.js';
import { ConflictError, type KeyValueStore } from '../storage/kv.js';
import type { Claim } from './claims.js';
import type { ScheduledJob } from './scheduler.js';
import { describeWeekly } from './weekly.js';

export const scheduledFooter = (sub: DigestSubscription) => `Posted ${describeWeekly(sub.weekly)}. “digest off” stops it.`;

/** Posts into a conversation (ConversationSender.post); NotInConversationError when the app is gone from it. */
export type Post = (ref: StoredReference, activities: Partial<Activity>[]) => Promise<string[]>;

export type DigestJobDeps = {
  /** Where each owner's last reminder per team is kept (one team's channels may each have a digest). */
  store: KeyValueStore;
  digests: DigestStore;
  checklists: ChecklistService;
  /** The catalog as it is now (a docs refresh may swap it). */
  catalog: () => Catalog;
  references: ReferenceStore;
  post: Post;
  /** True for the error a post throws when the app is no longer in the conversation (a 403 or 404). */
  isGone: (err: unknown) => boolean;
  cardMessage: (card: Card) => Partial<Activity>;
  log: Log;
};

export const digestJobId = (conversationId: string) => `digest/${conversationId}`;

/** The 1:1 chat of a person with the bot, by their Teams id or Microsoft Entra object id. */
export function personalChatOf(refs: StoredReference[], personId: string): StoredReference | undefined {
  const id = personId.toLowerCase();
  return refs.find((r) => {
    if (r.conversationType !== 'personal') return false;
    const user = r.reference.user as { id?: string; aadObjectId?: string } | undefined;
    return user?.id?.toLowerCase() === id || user?.aadObjectId?.toLowerCase() === id;
  });
}

/** A step's note, kept on the claim so that the digest can say how the reminders went whoever sent them. */
type ReminderNote = { owner: string; reminded: boolean; why?: string };

function outcomeOf(claim: Claim): ReminderOutcome {
  const notes = claim.notes().flatMap((n) => {
    try {
      return [JSON.parse(n) as ReminderNote];
    } catch {
      return [];
    }
  });
  return {
    reminded: notes.filter((n) => n.reminded).map((n) => n.owner),
    notReminded: notes.filter((n) => !n.reminded).map((n) => ({ owner: n.owner, why: n.why ?? 'unknown' })),
  };
}

/** An owner is reminded of a team's overdue items at most once in this long, however many of its channels have a digest. */
export const REMIND_EVERY_MS = 6 * 86_400_000;
type LastReminder = { at: string };

/**
 * Takes the right to remind an owner for a team now: false when they were reminded less than
 * REMIND_EVERY_MS ago, or another digest of the team took it first (a write guarded by the eTag).
 */
export async function mayRemind(store: KeyValueStore, scope: string, ownerId: string, now: Date): Promise<boolean> {
  const key = `reminders/${scope}/${ownerId.toLowerCase()}`;
  const last = await store.get<LastReminder>(key);
  if (last && now.getTime() - Date.parse(last.value.at) < REMIND_EVERY_MS) return false;
  try {
    await store.put<LastReminder>(key, { at: now.toISOString() }, last ? { ifMatch: last.etag } : { ifNoneMatch: '*' });
    return true;
  } catch (e) {
    if (e instanceof ConflictError) return false;
    throw e;
  }
}

export function digestJobs(deps: DigestJobDeps): () => Promise<ScheduledJob[]> {
  const remind = async (claim: Claim, scope: string, r: OwnerReminder, refs: StoredReference[], where: string, now: Date) => {
    const step = `reminder:${r.ownerId}`;
    if (claim.hasDone(step)) return;
    const chat = personalChatOf(refs, r.ownerId);
    let note: ReminderNote;
    if (!chat) note = { owner: r.owner, reminded: false, why: 'the app is not installed in a 1:1 chat with them' };
    else if (!(await mayRemind(deps.store, scope, r.ownerId, now))) note = { owner: r.owner, reminded: true, why: 'with another digest of the team' };
    else {
      try {
        await deps.post(chat, [deps.cardMessage(reminderCard(r, where, dayOf(now)))]);
        note = { owner: r.owner, reminded: true };
      } catch (err) {
        // No retry: a 403 means the app was removed for them, and asking again changes nothing.
        note = { owner: r.owner, reminded: false, why: deps.isGone(err) ? 'the app is no longer installed for them' : 'Teams did not take the message' };
        deps.log.warn('digest.reminder.failed', { job: claim.jobId, message: (err as Error).message });
      }
    }
    await claim.done(step, JSON.stringify(note));
  };

  const run = async (sub: DigestSubscription, claim: Claim, now: Date) => {
    const ref = await deps.references.get(sub.conversationId);
    if (!ref) {
      // The app was removed from the conversation: its digest goes with it.
      await deps.digests.remove(sub.conversationId);
      deps.log.info('digest.dropped', { conversationId: sub.conversationId, reason: 'not installed' });
      return;
    }
    const catalog = deps.catalog();
    const [progress, history] = await Promise.all([deps.checklists.progress(sub.scope), deps.checklists.history(sub.scope)]);
    const digest = teamDigest(progress, history, catalog, claim.since, now);
    const owners = overdueOwners(digest);
    if (owners.length) {
      const refs = await deps.references.list();
      for (const owner of owners) await remind(claim, sub.scope, owner, refs, ref.name ?? 'your team', now);
    }
    if (claim.hasDone('digest')) return;
    try {
      await deps.post(ref, [deps.cardMessage(digestCard(digest, outcomeOf(claim), scheduledFooter(sub)))]);
    } catch (err) {
      if (!deps.isGone(err)) throw err;
      await deps.digests.remove(sub.conversationId);
      deps.log.info('digest.dropped', { conversationId: sub.conversationId, reason: 'removed' });
    }
    await claim.done('digest');
  };

  return async () =>
    (await deps.digests.list()).map((sub): ScheduledJob => ({
      id: digestJobId(sub.conversationId),
      weekly: sub.weekly,
      notBefore: new Date(sub.at),
      run: (claim, now) => run(sub, claim, now),
    }));
}
