// What was taught in Teams, as a content file (content/taught.yaml) to review and commit: the store's
// phrases over those the file has already (the store's win for the same words). An entry the catalog does
// not have is written as its page's article when the catalog has that (a docs section: its page), else left
// out and reported.
import { writeFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { type Catalog, readTaught } from '../knowledge/content-loader.js';
import { articleEntries, catalogEntries } from '../knowledge/entries.js';
import type { TaughtEntry } from '../knowledge/schema.js';
import { phraseKey } from '../knowledge/taught.js';
import type { StoredPhrase } from '../storage/taught.js';

export type ExportResult = { written: number; fromStore: number; kept: number; skipped: { phrase: string; entry: string }[] };

const HEADER = [
  '# Phrases taught in Teams (`teach <phrase> => <page>`), written by `npm run content:export-taught`.',
  '# A question that holds every word of a phrase (any order; stemmed; "the", "how" and such aside) gets its entry',
  '# first. Review, edit or remove, and commit: the catalog reads this file at start.',
  '',
].join('\n');

/** The catalog entry a stored phrase can be committed with, or undefined. */
function catalogId(ids: Set<string>, entry: string): string | undefined {
  if (ids.has(entry)) return entry;
  const page = /^section:([^#]+)#/.exec(entry)?.[1];
  return page && ids.has(`article:${page}`) ? `article:${page}` : undefined;
}

/** The phrases to write: those of `contentDir`'s taught.yaml, then the store's. */
export function taughtContent(catalog: Catalog, existing: TaughtEntry[], stored: StoredPhrase[]): { taught: TaughtEntry[]; result: ExportResult } {
  const ids = new Set([...catalogEntries(catalog), ...articleEntries(catalog)].map((e) => e.id));
  const byKey = new Map<string, TaughtEntry>(existing.map((t) => [phraseKey(t.phrase), t]));
  const skipped: ExportResult['skipped'] = [];
  let fromStore = 0;
  for (const s of stored) {
    const entry = catalogId(ids, s.entry);
    if (!entry) {
      skipped.push({ phrase: s.phrase, entry: s.entry });
      continue;
    }
    const key = phraseKey(s.phrase);
    byKey.delete(key);
    byKey.set(key, { phrase: s.phrase, entry, taughtAt: s.at });
    fromStore++;
  }
  const taught = [...byKey.values()];
  return { taught, result: { written: taught.length, fromStore, kept: taught.length - fromStore, skipped } };
}

/** Writes `file` (content/taught.yaml) from the store's phrases and what the file held. */
export function writeTaught(file: string, contentDir: string, catalog: Catalog, stored: StoredPhrase[]): ExportResult {
  const { taught, result } = taughtContent(catalog, readTaught(contentDir), stored);
  const body = yaml.dump({ taught }, { lineWidth: 120, noRefs: true, quotingType: '"' });
  writeFileSync(file, HEADER + body);
  return result;
}
