// Checks every link of the catalog against a docs checkout: a Zero Trust link must name a page that
// exists (in the pinned docs, today's docs, or as a redirect) and an anchor that page has; a link into
// another Learn docset must be one the docs themselves make, or a redirect target.
import { readFileSync } from 'node:fs';
import type { Catalog } from './content-loader.js';
import type { DocArticle } from './docs.js';
import { ZT_BASE, fragmentOf, freshness, pagePath } from './urls.js';

export type LinkProblem = { where: string; url: string; problem: string };

/** Every link the catalog holds, with where it sits. */
export function catalogLinks(c: Catalog): { where: string; url: string }[] {
  const out: { where: string; url: string }[] = [];
  const add = (where: string, url: string | undefined) => url && out.push({ where, url });
  for (const p of c.principles) add(`principles.yaml ${p.id}`, p.url);
  for (const p of c.pillars) {
    add(`pillars.yaml ${p.id}`, p.url);
    for (const o of p.objectives) add(`pillars.yaml ${p.id}/${o.id}`, o.anchor ? `${p.url}#${o.anchor}` : p.url);
  }
  add('ramp.yaml overview', c.ramp.overview.url);
  for (const i of c.ramp.initiatives) {
    add(`ramp.yaml ${i.id}`, i.url);
    for (const s of i.steps) {
      add(`ramp.yaml ${s.id}`, s.url);
      for (const a of s.areas) if (s.url && a.anchor) add(`ramp.yaml ${s.id}/${a.id}`, `${s.url}#${a.anchor}`);
    }
  }
  for (const l of c.checklists) {
    add(`checklists.yaml ${l.id}`, l.url);
    for (const a of l.areas) if (a.anchor) add(`checklists.yaml ${l.id}/${a.id}`, `${l.url}#${a.anchor}`);
  }
  for (const d of c.docSets) add(`roles.yaml docSets ${d.id}`, d.url);
  for (const r of c.roles) add(`roles.yaml roles ${r.id}`, r.startHere);
  for (const a of c.azure.articles) add(`azure.yaml ${a.id}`, a.url);
  return out;
}

/** Site-absolute and full Learn links that the docs' own markdown makes, as page paths. */
export function linksInDocs(files: string[]): Set<string> {
  const out = new Set<string>();
  const re = /\]\((\/[^)\s]+|https:\/\/learn\.microsoft\.com\/[^)\s]+)\)/g;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(re)) {
      const p = pagePath(m[1]!);
      if (p) out.add(p);
    }
  }
  return out;
}

export function checkLinks(c: Catalog, docSets: DocArticle[][], linkedFromDocs: Set<string>): LinkProblem[] {
  const pages = new Map<string, Set<string>>();
  for (const docs of docSets) {
    for (const a of docs) {
      const p = pagePath(a.url)!;
      const anchors = pages.get(p) ?? new Set<string>();
      for (const s of a.sections) if (s.anchor) anchors.add(s.anchor);
      pages.set(p, anchors);
    }
  }
  const redirectTargets = new Set(Object.values(c.redirects).map((u) => pagePath(u)!));
  const problems: LinkProblem[] = [];
  for (const { where, url } of catalogLinks(c)) {
    const p = pagePath(url);
    if (!p) {
      problems.push({ where, url, problem: 'not a Microsoft Learn link' });
      continue;
    }
    if (p.startsWith(ZT_BASE) || `${p}/` === ZT_BASE) {
      const anchors = pages.get(p);
      if (!anchors) {
        if (!c.redirects[p]) problems.push({ where, url, problem: 'no such page in the docs and no redirect for it' });
        continue;
      }
      const anchor = fragmentOf(url);
      if (anchor && !anchors.has(anchor)) problems.push({ where, url, problem: `the page has no heading with anchor #${anchor}` });
      const live = freshness(url, c.redirects);
      const livePath = pagePath(live.url)!;
      if (live.retired && livePath.startsWith(ZT_BASE) && !pages.has(livePath)) {
        problems.push({ where, url, problem: `redirects to ${live.url}, which is not a page of the docs` });
      }
    } else if (!linkedFromDocs.has(p) && !redirectTargets.has(p)) {
      problems.push({ where, url, problem: 'a link outside Zero Trust that the docs never make' });
    }
  }
  return problems;
}
