// How a team's "done" count moved week by week, from the history of changes: the trend the progress card
// draws. Plain data in, plain data out.
import type { Change } from './progress.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The weeks the progress card shows: two months is long enough to see a pace, short enough to fit a card. */
export const TREND_WEEKS = 8;

/** One ISO week (Monday, YYYY-MM-DD, UTC) and how many items became done in it, less those that stopped being done. */
export type WeekDone = { week: string; done: number };

/** The Monday (00:00 UTC) of the ISO week that `t` falls in, in milliseconds. */
export function mondayOf(t: number): number {
  const day = Math.floor(t / DAY_MS) * DAY_MS;
  // getUTCDay() is 0 on Sunday; ISO weeks start on Monday.
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

/**
 * What a change does to the number of done items: +1 when an item became done, -1 when a done item was
 * set to something else, 0 otherwise (edits of owner, due date and note keep the status).
 */
export function doneDelta(c: Pick<Change, 'from' | 'to'>): number {
  if (c.to === 'done' && c.from !== 'done') return 1;
  if (c.from === 'done' && c.to !== 'done') return -1;
  return 0;
}

/**
 * The net number of items done in each of the `weeks` ISO weeks ending with the week of `now`, oldest
 * first; a week without changes is 0. Changes before the first of those weeks, after `now`, or with a
 * time that does not parse are left out. The history holds only the latest changes (older ones are
 * archived), so a team with a very busy past may see its earliest weeks undercounted: the card is a
 * picture of the pace, the exports are the record.
 */
export function doneTrend(history: readonly Pick<Change, 'from' | 'to' | 'at'>[], now: Date, weeks = TREND_WEEKS): WeekDone[] {
  const end = now.getTime();
  const first = mondayOf(end) - (weeks - 1) * WEEK_MS;
  const done = new Array<number>(weeks).fill(0);
  for (const c of history) {
    const delta = doneDelta(c);
    const t = Date.parse(c.at);
    if (!delta || Number.isNaN(t) || t < first || t > end) continue;
    done[Math.floor((t - first) / WEEK_MS)]! += delta;
  }
  return done.map((n, i) => ({ week: new Date(first + i * WEEK_MS).toISOString().slice(0, 10), done: n }));
}
