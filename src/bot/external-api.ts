// What the notify/progress API does, in terms of the bot's parts: post a checklist's cards into a
// conversation the bot is installed in, list those conversations, read a conversation's team progress.
import type { ApiResult, ExternalApi } from '../api.js';
import { checklistCards } from '../cards/checklist.js';
import { exportCsv, summarise } from '../checklist/progress.js';
import { progressScope } from '../checklist/scope.js';
import type { ChecklistService } from '../checklist/service.js';
import { cardMessage } from '../dialogs/replies.js';
import type { Catalog } from '../knowledge/content-loader.js';
import { findChecklist } from '../knowledge/lookup.js';
import type { ReferenceStore, StoredReference } from '../storage/references.js';
import { type ConversationSender, NotInConversationError } from './sender.js';

type Deps = { catalog: Catalog; checklists: ChecklistService; references: ReferenceStore; sender: ConversationSender };

const error = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): ApiResult => ({
  status,
  body: { error: { code, message, ...extra } },
});

const scopeOf = (ref: StoredReference) => progressScope({ conversationId: ref.conversationId, teamId: ref.teamId });

export function externalApi({ catalog, checklists, references, sender }: Deps): ExternalApi {
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
        const ids = await sender.post(ref, cards.map(cardMessage));
        return { status: 200, body: { posted: ids.length, activityIds: ids, conversationId: ref.conversationId, checklist: list.id } };
      } catch (err) {
        if (err instanceof NotInConversationError) {
          return error(410, 'Removed', `the bot was removed from conversation "${ref.conversationId}"; its reference has been deleted`);
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
        body: { conversationId: ref.conversationId, scope: scopeOf(ref), checklists: summarise(progress, catalog), items: progress.items, history: progress.history },
      };
    },
  };
}
