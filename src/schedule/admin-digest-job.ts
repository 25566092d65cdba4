// The admins' weekly digest (ADMIN_CONVERSATION_ID): the insights card of the week, its misses with
// buttons to teach, its votes, and the phrases taught in it.
import { insightsCard } from '../cards/insights.js';
import { md, mdLink, readableDate } from '../cards/common.js';
import type { Card } from '../cards/templates.js';
import type { Insights } from '../insights/index.js';
import type { Taught } from '../insights/taught.js';
import type { Knowledge } from '../knowledge/index.js';
import type { Log } from '../log.js';
import type { ReferenceStore } from '../storage/references.js';
import type { Post } from './digest-job.js';
import type { ScheduledJob } from './scheduler.js';
import type { Weekly } from './weekly.js';
import type { Activity } from 'botbuilder';

export const ADMIN_DIGEST_JOB = 'admin-digest';
/** Taught phrases listed; more are counted (`teach list` has them all). */
const MAX_TAUGHT_SHOWN = 10;

export type AdminDigestDeps = {
  conversationId: string;
  weekly: Weekly;
  references: ReferenceStore;
  insights: Insights;
  taught: Taught;
  knowledge: () => Knowledge;
  post: Post;
  cardMessage: (card: Card) => Partial<Activity>;
  log: Log;
};

export function adminDigestJob(deps: AdminDigestDeps): ScheduledJob {
  return {
    id: ADMIN_DIGEST_JOB,
    weekly: deps.weekly,
    async run(claim) {
      if (claim.hasDone('digest')) return;
      const ref = await deps.references.get(deps.conversationId);
      if (!ref) {
        // Said once a week in the log, not retried: the setting names a conversation the bot is not in.
        deps.log.warn('admin-digest.no-conversation', { conversationId: deps.conversationId, hint: 'install the bot there, or fix ADMIN_CONVERSATION_ID' });
        return claim.done('digest', 'not installed in ADMIN_CONVERSATION_ID');
      }
      const knowledge = deps.knowledge();
      const since = claim.since.toISOString();
      const taught = (await deps.taught.list()).filter((p) => p.at > since);
      const lines = taught.slice(-MAX_TAUGHT_SHOWN).map((p) => {
        const entry = knowledge.entry(p.entry);
        const page = entry?.url ? mdLink(entry.title, entry.url) : md(entry?.title ?? p.entry);
        return `“${md(p.phrase)}” → ${page} (${readableDate(p.at)})`;
      });
      if (taught.length > lines.length) lines.push(`… and ${taught.length - lines.length} more: “teach list” has them all.`);
      const summary = await deps.insights.summary((word) => knowledge.knows(word));
      const card = insightsCard(
        summary,
        (id) => {
          const entry = knowledge.entry(id);
          return entry ? { title: entry.title, url: entry.url } : undefined;
        },
        { title: 'Weekly admin digest', taught: lines.join('\n\n') },
      );
      await deps.post(ref, [deps.cardMessage(card)]);
      await claim.done('digest');
    },
  };
}
