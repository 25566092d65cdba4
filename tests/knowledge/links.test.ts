import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { loadDocs } from '../../src/knowledge/docs.js';
import { catalogLinks, checkLinks, linksInDocs } from '../../src/knowledge/link-check.js';

const CORPUS = resolve(__dirname, '../../../shared/corpus');
const dirs = [join(CORPUS, 'zero-trust'), join(CORPUS, 'zero-trust-head')];
const markdown = (dir: string) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(e.parentPath, e.name));

describe('links in the catalog', () => {
  const catalog = loadCatalog(resolve(__dirname, '../../content'));
  const docs = dirs.map((d) => loadDocs(d).articles);
  const linked = linksInDocs(dirs.flatMap(markdown));

  it('every link points at a page (and heading) that exists, or at a redirect', () => {
    expect(catalogLinks(catalog).length).toBeGreaterThan(80);
    expect(checkLinks(catalog, docs, linked)).toEqual([]);
  });

  it('catches a link to a page that does not exist and an anchor the page does not have', () => {
    const broken = structuredClone(catalog);
    broken.pillars[0]!.url = 'https://learn.microsoft.com/security/zero-trust/deploy/identity-typo';
    broken.pillars[1]!.objectives[0]!.anchor = 'no-such-heading';
    broken.docSets[0]!.url = 'https://learn.microsoft.com/some/other/docset-page';
    const problems = checkLinks(broken, docs, linked).map((p) => `${p.where}: ${p.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pillars\.yaml identity: no such page/),
        expect.stringMatching(/^pillars\.yaml endpoints\/.*: the page has no heading with anchor #no-such-heading/),
        expect.stringMatching(/^roles\.yaml docSets .*: a link outside Zero Trust that the docs never make/),
      ]),
    );
  });
});
