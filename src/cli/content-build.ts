// Generates content/articles.json (titles, URLs, tags and headings of every page, never body text, and long
// headings as key terms only, see knowledge/headings.ts) and content/redirects.json from Microsoft's docs
// zero-trust folder as published today (--docs) and, optionally, an older snapshot (--snapshot-docs): a
// page of both is live, a page of today's only is new since the snapshot, and a page of the snapshot only
// is retired (kept, since people still ask for it, and its link follows the redirects).
//   npm run content:build -- --docs ../shared/corpus/zero-trust-head --snapshot-docs ../shared/corpus/zero-trust \
//     --snapshot 2025-02-18 [--redirects FILE] [--out content]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDocs } from '../knowledge/docs.js';
import { catalogHeading, catalogTitle } from '../knowledge/headings.js';
import { type RedirectEntry, buildRedirects } from '../knowledge/urls.js';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: process.env.ZT_DOCS_DIR },
    'snapshot-docs': { type: 'string' },
    redirects: { type: 'string' },
    snapshot: { type: 'string' },
    out: { type: 'string', default: 'content' },
  },
});
if (!values.docs) {
  console.error('usage: npm run content:build -- --docs DIR [--snapshot-docs DIR] [--snapshot YYYY-MM-DD] [--redirects FILE] [--out DIR]');
  process.exit(2);
}
const docsDir = resolve(values.docs);
const { articles, warnings } = loadDocs(docsDir);
for (const w of warnings) console.warn(`warning: ${w}`);
if (articles.length === 0) {
  console.error(`no articles found in ${docsDir}`);
  process.exit(1);
}
const older = values['snapshot-docs'] ? loadDocs(resolve(values['snapshot-docs'])) : undefined;
for (const w of older?.warnings ?? []) console.warn(`warning: ${w}`);
const olderPaths = new Set(older?.articles.map((a) => a.path));
const todayPaths = new Set(articles.map((a) => a.path));
const snapshot =
  values.snapshot ??
  (older ?? { articles }).articles
    .map((a) => a.date)
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort()
    .at(-1)!;
const status = (path: string) => (!older ? 'live' : !todayPaths.has(path) ? 'retired' : olderPaths.has(path) ? 'live' : 'new');
const all = [...articles, ...(older?.articles.filter((a) => !todayPaths.has(a.path)) ?? [])].sort((a, b) => a.path.localeCompare(b.path));
const out = resolve(values.out!);
const articlesJson = {
  source: `Microsoft Learn security-docs/zero-trust (MicrosoftDocs/security, CC BY 4.0): titles, URLs, tags and headings only`,
  snapshot,
  articles: all.map((a) => ({
    path: a.path,
    ...catalogTitle(a.title),
    url: a.url,
    date: a.date,
    topic: a.topic,
    tags: a.tags,
    status: status(a.path),
    headings: a.sections.filter((s) => s.level > 1).map((s) => catalogHeading(s.level, s.heading, s.anchor)),
  })),
};
writeFileSync(join(out, 'articles.json'), JSON.stringify(articlesJson, null, 1) + '\n');
const counts = ['live', 'new', 'retired'].map((k) => `${all.filter((a) => status(a.path) === k).length} ${k}`).join(', ');
console.log(`wrote ${join(out, 'articles.json')}: ${all.length} articles (${counts}), snapshot ${snapshot}`);

const redirectsFile = values.redirects ?? join(dirname(docsDir), 'redirects-zero-trust.json');
if (existsSync(redirectsFile)) {
  const raw = JSON.parse(readFileSync(redirectsFile, 'utf8')) as { source?: string; redirections: RedirectEntry[] };
  const redirects = buildRedirects(raw.redirections);
  writeFileSync(join(out, 'redirects.json'), JSON.stringify({ source: raw.source ?? redirectsFile, redirects }, null, 1) + '\n');
  console.log(`wrote ${join(out, 'redirects.json')}: ${Object.keys(redirects).length} redirects`);
} else {
  console.warn(`warning: no redirects file at ${redirectsFile}; content/redirects.json left as it is`);
}
