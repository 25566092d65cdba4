// `digest weekly monday 09:00`, `digest off`, and `digest` (this week's digest now): the team's weekly rhythm.
// The schedule is read in the time zone Teams sends with the message; the scheduler (src/schedule) posts it.
import { teamDigest } from '../../checklist/digest.js';
import { digestCard } from '../../cards/digest.js';
import { scheduledFooter } from '../../schedule/digest-job.js';
import { WEEK_MS, describeWeekly, isZone, localTime, nextDue, parseWeekly } from '../../schedule/weekly.js';
import { senderId } from './insights.js';
import { type Turn, scopeOf } from '../turn.js';

const OFF = /^(?:off|stop|cancel|none|disable|no|turn off)$/;
const SHOW = /^(?:|now|show|preview|this week)$/;

export async function digest(turn: Turn, args: string): Promise<void> {
  const { context, deps, say } = turn;
  if (!deps.digests) return say('Weekly digests are not set up on this bot.');
  const words = args.trim().toLowerCase();
  const conversationId = context.activity.conversation.id;
  if (OFF.test(words)) {
    const removed = await deps.digests.remove(conversationId);
    return say(removed ? 'The weekly digest is off here. `digest weekly monday 09:00` starts it again.' : 'There is no weekly digest here to stop.');
  }
  if (SHOW.test(words)) return showDigest(turn);
  const zone = context.activity.localTimezone;
  const weekly = parseWeekly(words, zone ?? '');
  if ('problem' in weekly) return say(weekly.problem);
  const now = deps.clock?.() ?? new Date();
  await deps.digests.save({
    conversationId,
    scope: scopeOf(context),
    weekly,
    by: senderId(context),
    byName: context.activity.from?.name ?? '',
    at: now.toISOString(),
  });
  const zoneNote = isZone(zone) ? '' : ' (Teams did not send a time zone I know, so the time is UTC)';
  return say(
    `Done: a digest of this team's checklists, ${describeWeekly(weekly)}${zoneNote}. The first comes on ${localTime(nextDue(weekly, now), weekly.zone)}. ` +
      'It says what moved that week, what is blocked, overdue or in progress for more than 14 days, with the owners; owners of overdue items get a reminder in their 1:1 chat with me. `digest off` stops it.',
  );
}

/** `digest`: this week's digest now, and whether one is scheduled. Nobody is reminded by it. */
async function showDigest({ context, deps, send }: Turn): Promise<void> {
  const now = deps.clock?.() ?? new Date();
  const scope = scopeOf(context);
  const [progress, history, sub] = await Promise.all([
    deps.checklists.progress(scope),
    deps.checklists.history(scope),
    deps.digests!.get(context.activity.conversation.id),
  ]);
  const d = teamDigest(progress, history, deps.knowledge.catalog, new Date(now.getTime() - WEEK_MS), now);
  const footer = sub ? scheduledFooter(sub) : 'Not posted on a schedule here: “digest weekly monday 09:00” posts it every week.';
  await send(digestCard(d, { reminded: [], notReminded: [] }, footer));
}
