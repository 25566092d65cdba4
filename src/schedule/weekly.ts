// "Every Monday at 09:00 in the team's time zone": when a weekly job is due. Times are read in an IANA zone
// (Teams sends the user's as the activity's `localTimezone`), so 09:00 stays 09:00 across daylight saving;
// a time that a clock change skips runs at the first minute after it.
import { DateTime, IANAZone } from 'luxon';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekly time: the day, "HH:MM" (24-hour) and the IANA zone it is read in. */
export type Weekly = { day: Weekday; time: string; zone: string };

export const DEFAULT_ZONE = 'UTC';
export const WEEK_MS = 7 * 86_400_000;

/** A time zone the runtime knows ("Europe/Berlin", "UTC"); Windows names and offsets are not. */
export const isZone = (zone: unknown): zone is string => typeof zone === 'string' && zone.length <= 64 && IANAZone.isValidZone(zone);

/** The zone as given when it is one, else UTC: a missing or unknown `localTimezone` still gets a schedule. */
export const zoneOr = (zone: unknown): string => (isZone(zone) ? zone : DEFAULT_ZONE);

/** "mon", "Monday", "mondays" -> "monday". */
export function weekdayOf(word: string): Weekday | undefined {
  const w = word.toLowerCase().replace(/s$/, '');
  if (w.length < 3) return undefined;
  return WEEKDAYS.find((d) => d.startsWith(w));
}

/**
 * "09:00", "9:00", "9", "9am", "5:30 pm", "17.30", and "09 00" (a command's words come with their punctuation
 * read as spaces) -> "HH:MM"; undefined when it is not a time of day.
 */
export function timeOf(text: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.h ]\s*(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  const half = m[3]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const occurrence = (w: Weekly, week: DateTime): DateTime => {
  const [hour, minute] = w.time.split(':').map(Number) as [number, number];
  return week.set({ weekday: (WEEKDAYS.indexOf(w.day) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7, hour, minute, second: 0, millisecond: 0 });
};

/** The latest time the job was due at or before `now`. */
export function latestDue(w: Weekly, now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone: zoneOr(w.zone) });
  let due = occurrence(w, local);
  if (due > local) due = occurrence(w, local.minus({ weeks: 1 }));
  return due.toJSDate();
}

/** The first time the job is due after `now`. */
export function nextDue(w: Weekly, now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone: zoneOr(w.zone) });
  let due = occurrence(w, local);
  if (due <= local) due = occurrence(w, local.plus({ weeks: 1 }));
  return due.toJSDate();
}

/** "Mondays at 09:00 (Europe/Berlin)". */
export const describeWeekly = (w: Weekly): string => `${w.day[0]!.toUpperCase()}${w.day.slice(1)}s at ${w.time} (${w.zone})`;

/** A moment as the team reads it: "Monday 7 December 2026, 09:00 (Europe/Berlin)". */
export const localTime = (at: Date, zone: string): string =>
  `${DateTime.fromJSDate(at, { zone: zoneOr(zone) })
    .setLocale('en-GB')
    .toFormat('cccc d LLLL yyyy, HH:mm')} (${zoneOr(zone)})`;

/**
 * "weekly monday 09:00", "monday 9am", "every friday at 16:30": the weekly time a person asked for, or
 * what is wrong with it.
 */
export function parseWeekly(text: string, zone: string): Weekly | { problem: string } {
  const words = text
    .toLowerCase()
    .replace(/\b(?:every|each|on|at|weekly)\b/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let day: Weekday | undefined;
  const rest: string[] = [];
  for (const w of words) {
    const d = day ? undefined : weekdayOf(w);
    if (d) day = d;
    else rest.push(w);
  }
  if (!day) return { problem: 'Which day? Say for example "digest weekly monday 09:00".' };
  const time = rest.length ? timeOf(rest.join(' ')) : '09:00';
  if (!time) return { problem: `I cannot read "${rest.join(' ').replace(/^(\d{1,2}) (\d{2})\b/, '$1:$2')}" as a time of day: write it as 09:00 or 9am.` };
  return { day, time, zone: zoneOr(zone) };
}
