// Reads and validates the authored catalog. Any problem throws a ContentError that names the file, the
// entry and the field, so a bad edit stops start-up with a message a content author can act on.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { phraseKey } from './taught.js';
import type { z } from 'zod';
import {
  type PageAsks,
  articlesFile,
  asksFile,
  startingPointsFile,
  frameworksFile,
  type Framework,
  retiredFile,
  shortTitlesFile,
  azureFile,
  checklistsFile,
  pillarsFile,
  principlesFile,
  rampFile,
  redirectsFile,
  rolesFile,
  synonymsFile,
  type TaughtEntry,
  taughtFile,
} from './schema.js';
import { articleEntries, catalogEntries } from './entries.js';

export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'ContentError';
  }
}

export type Catalog = {
  principles: z.infer<typeof principlesFile>['principles'];
  pillars: z.infer<typeof pillarsFile>['pillars'];
  ramp: z.infer<typeof rampFile>['ramp'];
  checklists: z.infer<typeof checklistsFile>['checklists'];
  docSets: z.infer<typeof rolesFile>['docSets'];
  roles: z.infer<typeof rolesFile>['roles'];
  azure: z.infer<typeof azureFile>;
  synonyms: z.infer<typeof synonymsFile>['synonyms'];
  articles: z.infer<typeof articlesFile>;
  redirects: Record<string, string>;
  /** How people ask for each page, by page path (content/asks/). */
  asks: Map<string, PageAsks>;
  /** Pages that answer "what is Zero Trust" and "where do I start", best first. */
  startingPoints: { path: string; why: string }[];
  frameworks: Framework[];
  /** For each retired page: whether its address now opens the same guidance, a successor, or something else. */
  retired: z.infer<typeof retiredFile>['retired'];
  /** Our short names for pages whose own title is long, by path. */
  shortTitles: Record<string, string>;
  /** Phrases taught in Teams and committed (content/taught.yaml): each answered with its entry first. */
  taught: TaughtEntry[];
};

/** Describes where a zod issue sits as a readable path, naming entries by their id where they have one. */
function describePath(data: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = data;
  for (const key of path) {
    if (typeof key === 'number') {
      const entry = Array.isArray(node) ? node[key] : undefined;
      const entryId = entry && typeof entry === 'object' && 'id' in entry && typeof entry.id === 'string' ? entry.id : undefined;
      out += entryId ? `[${key}] (id "${entryId}")` : `[${key}]`;
    } else {
      out += out ? `.${String(key)}` : String(key);
    }
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return out || '(top level)';
}

export function parseContent<S extends z.ZodTypeAny>(file: string, source: string, schema: S): z.infer<S> {
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(source) : yaml.load(source, { filename: file });
  } catch (err) {
    throw new ContentError(file, [`cannot be parsed: ${(err as Error).message.split('\n')[0]}`]);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ContentError(
      file,
      result.error.issues.slice(0, 10).map((i) => `${describePath(data, i.path)}: ${i.message}`),
    );
  }
  return result.data;
}

function readContent<S extends z.ZodTypeAny>(dir: string, name: string, schema: S): z.infer<S> {
  const file = join(dir, name);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ContentError(file, [`cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  return parseContent(file, source, schema);
}

export const CONTENT_FILES = {
  principles: 'principles.yaml',
  pillars: 'pillars.yaml',
  ramp: 'ramp.yaml',
  checklists: 'checklists.yaml',
  roles: 'roles.yaml',
  azure: 'azure.yaml',
  synonyms: 'synonyms.yaml',
  articles: 'articles.json',
  redirects: 'redirects.json',
  startingPoints: 'starting-points.yaml',
  frameworks: 'frameworks.yaml',
  retired: 'retired.yaml',
  shortTitles: 'short-titles.yaml',
} as const;

/** The folder of how-people-ask files, one YAML file per part of the docs. */
export const ASKS_DIR = 'asks';

/** Every asks file of the folder, by file name; a missing folder is no asks at all. */
export function readAsks(dir: string): { file: string; pages: PageAsks[] }[] {
  const folder = join(dir, ASKS_DIR);
  let names: string[];
  try {
    names = readdirSync(folder)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ContentError(folder, [`cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  return names.map((n) => ({ file: join(ASKS_DIR, n), pages: readContent(folder, n, asksFile).pages }));
}

export function loadCatalog(dir: string): Catalog {
  const catalog: Catalog = {
    principles: readContent(dir, CONTENT_FILES.principles, principlesFile).principles,
    pillars: readContent(dir, CONTENT_FILES.pillars, pillarsFile).pillars,
    ramp: readContent(dir, CONTENT_FILES.ramp, rampFile).ramp,
    checklists: readContent(dir, CONTENT_FILES.checklists, checklistsFile).checklists,
    ...readContent(dir, CONTENT_FILES.roles, rolesFile),
    azure: readContent(dir, CONTENT_FILES.azure, azureFile),
    synonyms: readContent(dir, CONTENT_FILES.synonyms, synonymsFile).synonyms,
    articles: readContent(dir, CONTENT_FILES.articles, articlesFile),
    redirects: readContent(dir, CONTENT_FILES.redirects, redirectsFile).redirects,
    asks: new Map(),
    startingPoints: readContent(dir, CONTENT_FILES.startingPoints, startingPointsFile).startingPoints,
    frameworks: readContent(dir, CONTENT_FILES.frameworks, frameworksFile).frameworks,
    retired: readContent(dir, CONTENT_FILES.retired, retiredFile).retired,
    shortTitles: readContent(dir, CONTENT_FILES.shortTitles, shortTitlesFile).titles,
    taught: [],
  };
  checkReferences(dir, catalog);
  catalog.asks = checkAsks(dir, catalog, readAsks(dir));
  catalog.taught = checkTaught(dir, catalog, readTaught(dir));
  return catalog;
}

/** Phrases taught in Teams and exported for review: optional, one file. */
export const TAUGHT_FILE = 'taught.yaml';

/** content/taught.yaml's phrases; no file is no phrases. */
export function readTaught(dir: string): TaughtEntry[] {
  const file = join(dir, TAUGHT_FILE);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ContentError(file, [`cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  return parseContent(file, source, taughtFile).taught;
}

/** Every phrase answers with an entry of the catalog, and no phrase is taught twice. */
function checkTaught(dir: string, c: Catalog, taught: TaughtEntry[]): TaughtEntry[] {
  if (!taught.length) return taught;
  const ids = new Set([...catalogEntries(c), ...articleEntries(c)].map((e) => e.id));
  const seen = new Map<string, number>();
  taught.forEach((t, i) => {
    const fail = (problem: string) => {
      throw new ContentError(join(dir, TAUGHT_FILE), [`taught[${i}] (phrase "${t.phrase}"): ${problem}`]);
    };
    if (!ids.has(t.entry)) fail(`entry: no entry "${t.entry}" in the catalog`);
    const key = phraseKey(t.phrase);
    if (!key) fail('phrase: has no words to match');
    if (seen.has(key)) fail(`phrase: taught already as taught[${seen.get(key)}]`);
    seen.set(key, i);
  });
  return taught;
}

/** Each page is asked for once, and only pages and headings that exist are named. */
function checkAsks(dir: string, c: Catalog, files: { file: string; pages: PageAsks[] }[]): Map<string, PageAsks> {
  const articles = new Map(c.articles.articles.map((a) => [a.path, a]));
  const out = new Map<string, PageAsks>();
  for (const { file, pages } of files) {
    pages.forEach((p, i) => {
      const where = `pages[${i}] (path "${p.path}")`;
      const fail = (problem: string) => {
        throw new ContentError(join(dir, file), [`${where}: ${problem}`]);
      };
      const article = articles.get(p.path);
      if (!article) fail(`no article "${p.path}" in ${CONTENT_FILES.articles}`);
      if (out.has(p.path)) fail('this page already has its asks in another entry');
      const anchors = new Set(article!.headings.map((h) => h.anchor));
      p.sections.forEach((s, j) => {
        if (!anchors.has(s.anchor)) fail(`sections[${j}].anchor: "${s.anchor}" is not a heading of the page`);
      });
      out.set(p.path, p);
    });
  }
  return out;
}

/** Pages of articles.json that no asks file covers yet. */
export function pagesWithoutAsks(c: Catalog): string[] {
  return c.articles.articles.filter((a) => !c.asks.has(a.path)).map((a) => a.path);
}

/** Cross-file rules the schema alone cannot see: ids unique, references resolve. */
function checkReferences(dir: string, c: Catalog): void {
  const fail = (name: string, problem: string) => {
    throw new ContentError(join(dir, name), [problem]);
  };
  const unique = (name: string, what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const i of ids) {
      if (seen.has(i)) fail(name, `${what} id "${i}" is used twice`);
      seen.add(i);
    }
    return seen;
  };
  unique(
    CONTENT_FILES.pillars,
    'pillar',
    c.pillars.map((p) => p.id),
  );
  for (const p of c.pillars)
    unique(
      CONTENT_FILES.pillars,
      `objective of pillar "${p.id}"`,
      p.objectives.map((o) => o.id),
    );
  const steps = c.ramp.initiatives.flatMap((i) => i.steps);
  const stepIds = unique(
    CONTENT_FILES.ramp,
    'RaMP step',
    steps.map((s) => s.id),
  );
  unique(
    CONTENT_FILES.ramp,
    'RaMP initiative',
    c.ramp.initiatives.map((i) => i.id),
  );
  const checklistIds = unique(
    CONTENT_FILES.checklists,
    'checklist',
    c.checklists.map((l) => l.id),
  );
  for (const s of steps) {
    if (s.checklist && !checklistIds.has(s.checklist)) {
      fail(CONTENT_FILES.ramp, `step "${s.id}".checklist: no checklist "${s.checklist}" in ${CONTENT_FILES.checklists}`);
    }
  }
  for (const l of c.checklists) {
    if (!stepIds.has(l.step)) fail(CONTENT_FILES.checklists, `checklist "${l.id}".step: no RaMP step "${l.step}"`);
    unique(
      CONTENT_FILES.checklists,
      `area of checklist "${l.id}"`,
      l.areas.map((a) => a.id),
    );
    unique(
      CONTENT_FILES.checklists,
      `item of checklist "${l.id}"`,
      l.areas.flatMap((a) => a.items.map((i) => i.id)),
    );
  }
  const docSetIds = unique(
    CONTENT_FILES.roles,
    'documentation set',
    c.docSets.map((d) => d.id),
  );
  unique(
    CONTENT_FILES.roles,
    'role',
    c.roles.map((r) => r.id),
  );
  for (const r of c.roles) {
    for (const d of r.docSets) if (!docSetIds.has(d)) fail(CONTENT_FILES.roles, `role "${r.id}".docSets: no documentation set "${d}"`);
    for (const s of r.rampSteps) if (!stepIds.has(s)) fail(CONTENT_FILES.roles, `role "${r.id}".rampSteps: no RaMP step "${s}"`);
  }
  const paths = new Set(c.articles.articles.map((a) => a.path));
  c.startingPoints.forEach((p, i) => {
    if (!paths.has(p.path)) fail(CONTENT_FILES.startingPoints, `startingPoints[${i}].path: no article "${p.path}" in ${CONTENT_FILES.articles}`);
  });
  c.frameworks.forEach((f, i) => {
    if (![...paths].some((p) => p.startsWith(f.pages)))
      fail(CONTENT_FILES.frameworks, `frameworks[${i}].pages: no article starts with "${f.pages}" in ${CONTENT_FILES.articles}`);
  });
  for (const path of Object.keys(c.shortTitles)) {
    if (!paths.has(path)) fail(CONTENT_FILES.shortTitles, `titles["${path}"]: no article "${path}" in ${CONTENT_FILES.articles}`);
  }
  const unnamed = c.articles.articles.filter((a) => a.titleTerms && !c.shortTitles[a.path]).map((a) => a.path);
  if (unnamed.length) fail(CONTENT_FILES.shortTitles, `pages with a long title need a short name: ${unnamed.join(', ')}`);
  const retiredPaths = new Set(c.articles.articles.filter((a) => a.status === 'retired').map((a) => a.path));
  c.retired.forEach((r, i) => {
    if (!retiredPaths.has(r.path)) fail(CONTENT_FILES.retired, `retired[${i}].path: "${r.path}" is not a retired page of ${CONTENT_FILES.articles}`);
  });
  const judged = new Set(c.retired.map((r) => r.path));
  const unjudged = [...retiredPaths].filter((p) => !judged.has(p));
  if (unjudged.length) fail(CONTENT_FILES.retired, `retired pages without a successor: ${unjudged.join(', ')}`);
  const azureIds = unique(
    CONTENT_FILES.azure,
    'article',
    c.azure.articles.map((a) => a.id),
  );
  unique(
    CONTENT_FILES.azure,
    'stack layer',
    c.azure.stack.map((l) => l.id),
  );
  for (const layer of c.azure.stack) {
    for (const a of layer.articles) if (!azureIds.has(a)) fail(CONTENT_FILES.azure, `stack layer "${layer.id}".articles: no article "${a}"`);
  }
}
