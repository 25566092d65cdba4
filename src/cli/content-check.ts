// Validates content/ and prints a summary: `npm run content:check [-- --dir DIR]`.
// Each file is checked on its own first, so one broken file does not hide the problems of the others.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONTENT_FILES, ContentError, loadCatalog, pagesWithoutAsks, parseContent } from '../knowledge/content-loader.js';
import * as schema from '../knowledge/schema.js';

const i = process.argv.indexOf('--dir');
const dir = resolve(i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : 'content');
const schemas = {
  principles: schema.principlesFile,
  pillars: schema.pillarsFile,
  ramp: schema.rampFile,
  checklists: schema.checklistsFile,
  roles: schema.rolesFile,
  azure: schema.azureFile,
  synonyms: schema.synonymsFile,
  articles: schema.articlesFile,
  redirects: schema.redirectsFile,
  startingPoints: schema.startingPointsFile,
  frameworks: schema.frameworksFile,
  retired: schema.retiredFile,
  shortTitles: schema.shortTitlesFile,
} as const;

let failed = false;
for (const [key, name] of Object.entries(CONTENT_FILES)) {
  const file = join(dir, name);
  try {
    parseContent(file, readFileSync(file, 'utf8'), schemas[key as keyof typeof schemas]);
  } catch (err) {
    failed = true;
    console.error(err instanceof ContentError ? `content error in ${err.message}` : `${file}: ${(err as Error).message}`);
  }
}
if (failed) process.exit(1);
try {
  const c = loadCatalog(dir);
  const items = c.checklists.reduce((n, l) => n + l.areas.reduce((m, a) => m + a.items.length, 0), 0);
  console.log(
    `content OK: ${c.principles.length} principles, ${c.pillars.length} pillars ` +
      `(${c.pillars.reduce((n, p) => n + p.objectives.length, 0)} objectives), ` +
      `${c.ramp.initiatives.length} RaMP initiatives, ${c.checklists.length} checklists (${items} items), ` +
      `${c.roles.length} roles, ${c.docSets.length} documentation sets, ${c.azure.articles.length} Azure articles, ` +
      `${c.synonyms.length} synonyms, ${c.articles.articles.length} articles, ` +
      `${[...c.asks.values()].reduce((n, p) => n + p.asks.length + p.sections.reduce((m, s) => m + s.asks.length, 0), 0)} ways of asking for ${c.asks.size} pages`,
  );
  // Every page needs the ways people ask for it, or only people who know its title will find it.
  const missing = pagesWithoutAsks(c);
  if (missing.length) {
    console.error(`${missing.length} pages have no asks in ${CONTENT_FILES.articles.replace('articles.json', 'asks/')}: ${missing.join(', ')}`);
    process.exit(1);
  }
} catch (err) {
  if (!(err instanceof ContentError)) throw err;
  console.error(`content error in ${err.message}`);
  process.exit(1);
}
