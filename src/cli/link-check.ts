// Checks every catalog link against docs checkouts (default: the pinned and today's docs beside the project).
//   npm run content:links [-- --docs DIR --docs DIR2]
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../knowledge/content-loader.js';
import { loadDocs } from '../knowledge/docs.js';
import { checkLinks, catalogLinks, linksInDocs } from '../knowledge/link-check.js';
import { CONTENT_DIR, ROOT } from './args.js';

const { values } = parseArgs({ options: { docs: { type: 'string', multiple: true } } });
const dirs = (values.docs ?? ['../shared/corpus/zero-trust', '../shared/corpus/zero-trust-head'].map((d) => resolve(ROOT, d)))
  .map((d) => resolve(d))
  .filter((d) => existsSync(d) || (console.error(`docs folder not found: ${d}`), process.exit(2)));
const markdownFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(e.parentPath, e.name));

const catalog = loadCatalog(CONTENT_DIR);
const problems = checkLinks(
  catalog,
  dirs.map((d) => loadDocs(d).articles),
  linksInDocs(dirs.flatMap(markdownFiles)),
);
for (const p of problems) console.log(`${p.where}: ${p.url}: ${p.problem}`);
console.log(`${catalogLinks(catalog).length} links checked against ${dirs.length} docs folder(s): ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
