// Pieces every guidance card shares: the source line, freshness notes, dates people can read, and text
// made safe for Teams' small markdown dialect.
import type { Catalog } from '../knowledge/content-loader.js';
import { isZone } from '../schedule/weekly.js';
import type { Successor } from '../knowledge/schema.js';
import type { EntryKind } from '../knowledge/entries.js';
import type { DocsStatus } from '../knowledge/index.js';
import { type Freshness as LinkFreshness, freshness as followRedirects, pagePath } from '../knowledge/urls.js';

export const SOURCE_TEXT = 'Source: Microsoft Learn, CC BY 4.0 · summaries in our words';
export const ZERO_TRUST_HOME = 'https://learn.microsoft.com/security/zero-trust/';
export const LICENCE_URL = 'https://creativecommons.org/licenses/by/4.0/';
export const DOCS_REPO_URL = 'https://github.com/MicrosoftDocs/security';

/**
 * The footer of every guidance card (CC BY 4.0 asks for attribution and a link): SOURCE_TEXT with
 * "Microsoft Learn" linking the article the card is about and the licence name linking the licence.
 */
export function sourceLine(url: string): string {
  return `Source: [Microsoft Learn](${url}), [CC BY 4.0](${LICENCE_URL}) · summaries in our words`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * "2025-02-27" -> "27 February 2025". Written out rather than Intl-formatted so a card reads the same on
 * every server locale, and unambiguously to readers on both sides of the Atlantic.
 */
export function readableDate(iso: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  if (!m) return iso ?? '';
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : (iso ?? '');
}

/** "2026-12-01T04:05:06Z" -> "1 December 2026, 04:05 UTC". */
export function readableTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${readableDate(m[1])}, ${m[2]} UTC` : readableDate(iso);
}

/** A time's date and hh:mm on the clock of a time zone. */
function onClock(date: Date, timeZone: string): { day: string; time: string } {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const part: Record<string, string> = {};
  for (const p of format.formatToParts(date)) part[p.type] = p.value;
  return { day: `${part.year}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
}

/**
 * When something happened, on the reader's clock: "10:04" the same day, "10:04 on 1 November 2026" on
 * another, in their time zone (Teams sends it with each activity as localTimezone); without a time zone
 * Teams would accept, in UTC and saying so ("10:04 UTC").
 */
export function clockTime(iso: string, timeZone?: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = isZone(timeZone) ? timeZone : 'UTC';
  const at = onClock(date, zone);
  const day = at.day === onClock(now, zone).day ? '' : ` on ${readableDate(at.day)}`;
  return `${at.time}${zone === timeZone ? '' : ' UTC'}${day}`;
}

const RAMP_KINDS: ReadonlySet<EntryKind> = new Set(['ramp', 'ramp-initiative', 'ramp-step', 'checklist', 'checklist-item']);

export function isRampKind(kind: EntryKind): boolean {
  return RAMP_KINDS.has(kind);
}

/** What a card says about how current its link and summary are; empty text means nothing worth saying. */
export type Freshness = {
  retired: boolean;
  /** Markdown, may link the live page. */
  text: string;
};

type Dated = {
  kind: EntryKind;
  url: string;
  retired: boolean;
  originalUrl?: string | undefined;
  date?: string | undefined;
  isNew?: boolean | undefined;
  successor?: Successor | undefined;
};

/**
 * RaMP content outlived its pages (retired upstream in Feb 2025): people must know the link goes to the
 * page that replaced it and how old our summary is, or they will wonder why the page looks different.
 */
export function freshness(item: Dated, catalog: Catalog, docs?: DocsStatus): Freshness {
  const snapshot = readableDate(catalog.ramp.snapshot);
  if (isRampKind(item.kind)) {
    if (item.retired) {
      return {
        retired: true,
        text:
          `The RaMP article this comes from was retired upstream on ${readableDate(catalog.ramp.retired)}. ` +
          `The link opens the [live page](${item.url}) that replaced it; our summary is from the docs snapshot of ${snapshot}.`,
      };
    }
    return { retired: false, text: `From the RaMP guidance as of our docs snapshot of ${snapshot}.` };
  }
  if (item.retired) {
    const snapshot = readableDate(catalog.articles.snapshot);
    const text =
      item.successor === 'moved'
        ? `The original article was retired upstream; its guidance now lives [here](${item.url}). Our entry is from the docs snapshot of ${snapshot}.`
        : item.successor === 'different'
          ? `The original article was retired upstream, and its address now opens [a different page](${item.url}), not the same guidance. Our entry describes the article as of the docs snapshot of ${snapshot}.`
          : `The original article was retired upstream. The link opens the [live page](${item.url}) that replaced it; our entry is from the docs snapshot of ${snapshot}.`;
    return { retired: true, text };
  }
  if (item.date && /^\d{4}-\d{2}-\d{2}/.test(item.date)) {
    const since = item.isNew ? `, published since the RaMP snapshot of ${snapshot}` : '';
    // Pages and sections come from the synced docs when there are some: say how fresh that copy is.
    const synced =
      docs?.source === 'synced' && docs.syncedAt && (item.kind === 'article' || item.kind === 'section')
        ? ` Read from today's docs, synced ${readableTime(docs.syncedAt)}.`
        : '';
    return { retired: false, text: `Microsoft Learn page dated ${readableDate(item.date)}${since}.${synced}` };
  }
  return { retired: false, text: '' };
}

/** Cuts text at a word boundary so long titles and queries cannot push a card past its size limit. */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Teams reads TextBlock text as markdown. Titles such as "[Preview] MFA" or "*.contoso.com" would turn into
 * links or emphasis; a backslash keeps them literal. Underscores inside words are not emphasis, so they stay.
 */
export function md(text: string): string {
  return text.replace(/([\\*[\]])/g, '\\$1');
}

/** A markdown link whose text cannot break out of the brackets. */
export function mdLink(text: string, url: string): string {
  return `[${md(text)}](${url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Catalog URLs are the ones the guidance was written at; some pages (most of RaMP) have since been retired.
 * Cards built straight from the catalog must link where the page lives now, as search results already do.
 */
export function live(url: string, catalog: Catalog): LinkFreshness {
  return followRedirects(url, catalog.redirects);
}

/** The Learn title of a Zero Trust page, when the article metadata knows it. */
export function pageTitle(url: string, catalog: Catalog): string | undefined {
  const path = pagePath(url);
  if (!path) return undefined;
  return catalog.articles.articles.find((a) => pagePath(a.url) === path)?.title;
}
