// The team's weekly digest card and the reminder an owner of overdue items gets in their 1:1 chat
// (src/checklist/digest.ts says what is in them; this only lays them out).
import { type DigestItem, type OwnerReminder, type TeamDigest, isQuietWeek } from '../checklist/digest.js';
import { STATUS_LABELS, markdownText, tallyLine } from '../checklist/progress.js';
import { ownedLine } from './checklist.js';
import { clip, md, plural, readableDate } from './common.js';
import { type Card, expandCard } from './templates.js';

/** Items listed per section; more are counted, not listed (a card stays well under Teams' 28 KB). */
export const MAX_DIGEST_ITEMS = 8;

/** How the reminders went, for the digest's last lines. */
export type ReminderOutcome = { reminded: string[]; notReminded: { owner: string; why: string }[] };

const itemLabel = (x: DigestItem) => `**${md(clip(x.checklistTitle, 50))}, item ${x.number}**: ${md(clip(x.text, 140))}`;

function lines<T>(items: T[], text: (x: T) => string, more: string): { text: string }[] {
  const shown = items.slice(0, MAX_DIGEST_ITEMS).map((x) => ({ text: text(x) }));
  const rest = items.length - shown.length;
  return rest > 0 ? [...shown, { text: `… and ${rest} more ${more}: see “progress”.` }] : shown;
}

const ownerOf = (x: DigestItem) => (x.state?.owner ? markdownText(clip(x.state.owner, 60)) : 'no owner');

export function remindersLine(r: ReminderOutcome): string {
  const parts: string[] = [];
  if (r.reminded.length) parts.push(`Reminded in a 1:1 chat: ${r.reminded.map((n) => markdownText(clip(n, 60))).join(', ')}.`);
  for (const n of r.notReminded) parts.push(`${markdownText(clip(n.owner, 60))} was not reminded: ${n.why}.`);
  return parts.join(' ');
}

/** `footer`: when it is posted, or how to have it posted. */
export function digestCard(d: TeamDigest, reminders: ReminderOutcome, footer: string): Card {
  const today = d.now.slice(0, 10);
  return expandCard('digest', {
    week: `${readableDate(d.since)} to ${readableDate(d.now)}`,
    checklists: d.checklists.map((c) => ({ title: md(clip(c.title, 60)), count: tallyLine(c) })),
    quiet: !d.checklists.length
      ? 'No checklist has been started yet: post one with “checklist”.'
      : isQuietWeek(d)
        ? 'Nothing moved this week, and nothing is blocked, overdue or stuck.'
        : '',
    moved: lines(d.moved, (x) => `${itemLabel(x)} · ${STATUS_LABELS[x.from]} → **${STATUS_LABELS[x.to]}** (${markdownText(clip(x.byName, 60))})`, 'moved'),
    blocked: lines(d.blocked, (x) => `⛔ ${itemLabel(x)} · ${x.state?.reason ? markdownText(x.state.reason) : 'no reason given'} · ${ownerOf(x)}`, 'blocked'),
    overdue: lines(d.overdue, (x) => `⏰ ${itemLabel(x)} · ${ownedLine(x.state, today)}${x.state?.owner ? '' : ' · no owner'}`, 'overdue'),
    stale: lines(d.stale, (x) => `${itemLabel(x)} · since ${readableDate(x.state?.at)} · ${ownerOf(x)}`, 'in progress'),
    reminders: remindersLine(reminders),
    schedule: footer,
  });
}

export function reminderCard(r: OwnerReminder, where: string, today: string): Card {
  return expandCard('reminder', {
    title: `${plural(r.items.length, 'Zero Trust item')} overdue`,
    intro: `You own ${r.items.length === 1 ? 'an item' : 'items'} of ${markdownText(clip(where, 80))}'s RaMP checklists that ${r.items.length === 1 ? 'is' : 'are'} past ${r.items.length === 1 ? 'its' : 'their'} due date:`,
    items: r.items
      .slice(0, MAX_DIGEST_ITEMS)
      .map((x) => ({ text: `⏰ ${itemLabel(x)} · ${ownedLine(x.state, today)} · ${STATUS_LABELS[x.state?.status ?? 'not-started']}` })),
    footer: 'Update the item on its checklist card in the team (Status, or Owner, date, note), or ask the team to move its date.',
  });
}
