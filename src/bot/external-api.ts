// What the notify/progress API does, in terms of the bot's parts: post a checklist's cards into a
// conversation the bot is installed in, list those conversations, read a conversation's team progress.
import type { ApiResult, ExternalApi } from '../api.js';
import { checklistCards } from '../cards/checklist.js';
import { dayOf, exportCsv, isOverdue, summarise } from '../checklist/progress.js';
import { progressScope } from '../checklist/scope.js';
import type { ChecklistService } from '../checklist/service.js';
import { cardMessage } from './replies.js';
import { rememberPosted } from './handlers/checklist-messages.js';
import type { Catalog } from '../knowledge/content-loader.js';
import { findChecklist } from '../knowledge/lookup.js';
import { type Log, silentLog } from '../log.js';
import type { ReferenceStore, StoredReference } from '../storage/references.js';
import { ThrottledError } from './outbound.js';
import { type ConversationSender, NotInConversationError } from './sender.js';

/** A notify call answers within this long: Teams slower than that gets a 504 saying so. */
export const NOTIFY_DEADLINE_MS = 15_000;

class TooSlowError extends Error {}

/** A try that ran past its time limit (outbound.ts) or a connection that timed out. */
const isTimeout = (err: unknown) => {
  const e = err as { name?: string; code?: string; message?: string };
  return e?.name === 'AbortError' || e?.code === 'ETIMEDOUT' || /timed? ?out|aborted/i.test(e?.message ?? '');
};

/** `work`, or TooSlowError after `ms` (the work goes on; what it posts may still arrive). */
async function inTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TooSlowError()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

type Deps = { catalog: Catalog; checklists: ChecklistService; references: ReferenceStore; sender: ConversationSender; deadlineMs?: number; log?: Log };

const error = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): ApiResult => ({
  status,
  body: { error: { code, message, ...extra } },
});

const scopeOf = (ref: StoredReference) => progressScope({ conversationId: ref.conversationId, teamId: ref.teamId });

export function externalApi({ catalog, checklists, references, sender, deadlineMs = NOTIFY_DEADLINE_MS, log = silentLog }: Deps): ExternalApi {
  const notInstalled = (id: string) => error(404, 'NotInstalled', `the bot is not installed in conversation "${id}"`);
  return {
    async notify(conversationId, name) {
      const list = findChecklist(catalog, name);
      if (!list) {
        return error(400, 'UnknownChecklist', `there is no RaMP checklist "${name}"`, {
          valid: catalog.checklists.map((l) => ({ id: l.id, title: l.title })),
        });
      }
      const ref = await references.get(conversationId);
      if (!ref) return notInstalled(conversationId);
      const progress = await checklists.progress(scopeOf(ref));
      const cards = checklistCards(list, progress, catalog, { userIds: checklists.recentUsers(progress) });
      try {
        const ids = await inTime(sender.post(ref, cards.map(cardMessage)), deadlineMs);
        // Remembered so that a change on any of them updates them all (each card is a post of its own).
        await rememberPosted(checklists, log, list, cards, ids, ref.conversationId);
        return { status: 200, body: { posted: ids.length, activityIds: ids, conversationId: ref.conversationId, checklist: list.id } };
      } catch (err) {
        if (err instanceof NotInConversationError) {
          return error(410, 'Removed', `the bot was removed from conversation "${ref.conversationId}"; its reference has been deleted`);
        }
        if (err instanceof ThrottledError) {
          return error(503, 'Throttled', `Teams asked to wait ${Math.ceil(err.retryAfterMs / 1000)} s before posting there again; nothing more was posted`, {
            retryAfterSeconds: Math.ceil(err.retryAfterMs / 1000),
          });
        }
        if (err instanceof TooSlowError || isTimeout(err)) {
          return error(
            504,
            'TeamsTooSlow',
            `Teams did not accept the post within ${deadlineMs / 1000} s; it may still arrive, so check the conversation before trying again`,
          );
        }
        throw err;
      }
    },
    async conversations() {
      const refs = await references.list();
      return {
        status: 200,
        body: {
          conversations: refs.map((r) => ({
            conversationId: r.conversationId,
            conversationType: r.conversationType,
            ...(r.teamId ? { teamId: r.teamId } : {}),
            ...(r.name ? { name: r.name } : {}),
            installedAt: r.installedAt,
          })),
        },
      };
    },
    async progress(conversationId, format) {
      const ref = await references.get(conversationId);
      if (!ref) return notInstalled(conversationId);
      const progress = await checklists.progress(scopeOf(ref));
      if (format === 'csv') return { status: 200, body: exportCsv(progress, catalog), contentType: 'text/csv; charset=utf-8' };
      return {
        status: 200,
        body: {
          conversationId: ref.conversationId,
          scope: scopeOf(ref),
          checklists: summarise(progress, catalog),
          // Each item's status, who changed it last and when, and its owner, due date (YYYY-MM-DD) and note.
          items: progress.items,
          // The items due before today that are still to do, as "<checklist>/<item>".
          overdue: Object.keys(progress.items).filter((k) => isOverdue(progress.items[k], dayOf())),
          totalChanges: progress.totalChanges,
          history: progress.history,
        },
      };
    },
  };
}
