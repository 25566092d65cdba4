// Indexes a checkout of Microsoft's zero-trust docs folder: every published article with its front
// matter, Learn URL and H2/H3 sections. A file that cannot be read is skipped with a warning naming it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import yaml from 'js-yaml';
import { type Section, parseMarkdown } from './markdown.js';
import { LEARN, docsPathToUrl } from './urls.js';

export type DocArticle = {
  /** Path inside the docs folder, without .md: "deploy/identity". */
  path: string;
  url: string;
  title: string;
  description: string;
  /** ms.date as written (MM/DD/YYYY), normalised to YYYY-MM-DD when it parses. */
  date: string;
  topic: string;
  tags: string[];
  sections: Section[];
};

export type DocsLoadResult = { articles: DocArticle[]; warnings: string[] };

function listFiles(dir: string, warnings: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      warnings.push(`skipped folder ${d}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        // includes/ are fragments pulled into other pages, never published on their own.
        if (e.name !== 'includes' && e.name !== 'media') walk(full);
      } else if (/\.md$/i.test(e.name) || e.name === 'index.yml') {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}

export function normaliseDate(raw: unknown): string {
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  const s = typeof raw === 'string' ? raw.trim() : '';
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return s;
}

export function tagsOf(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  return list.map((t) => String(t).trim()).filter((t) => t && t !== 'na');
}

function landingPage(path: string, source: string): DocArticle {
  const doc = (yaml.load(source.replace(/\t/g, '  ')) ?? {}) as Record<string, unknown>;
  const meta = (doc.metadata ?? {}) as Record<string, unknown>;
  const title = String(doc.title ?? meta.title ?? 'Zero Trust').trim();
  const summary = String(doc.summary ?? meta.description ?? '').trim();
  return {
    path,
    url: docsPathToUrl(path),
    title,
    description: summary,
    date: normaliseDate(meta['ms.date']),
    topic: String(meta['ms.topic'] ?? ''),
    tags: tagsOf(meta['ms.collection']),
    sections: [{ heading: title, level: 1, anchor: '', subheadings: [], text: summary, markdown: summary }],
  };
}

export function readDocArticle(path: string, source: string, file = `${path}.md`): DocArticle {
  if (/\.yml$/i.test(file) || /^\s*#+\s*YamlMime:/.test(source)) return landingPage(path, source);
  const { frontMatter: fm, title, sections } = parseMarkdown(source);
  if (!title) throw new Error('has no title');
  return {
    path,
    url: docsPathToUrl(path),
    title,
    description: typeof fm.description === 'string' ? fm.description.trim() : '',
    date: normaliseDate(fm['ms.date']),
    topic: typeof fm['ms.topic'] === 'string' ? fm['ms.topic'] : '',
    tags: tagsOf(fm['ms.collection']),
    sections,
  };
}

/** One file of the folder as an article, or a warning naming it when it cannot be read. */
function readOne(dir: string, file: string, articles: DocArticle[], warnings: string[]): void {
  const path = relative(dir, file)
    .split(sep)
    .join('/')
    .replace(/\.(md|yml)$/i, '');
  try {
    articles.push(readDocArticle(path, readFileSync(file, 'utf8'), file));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    warnings.push(`skipped ${file}: ${e.code ?? e.message}`);
  }
}

export function loadDocs(dir: string): DocsLoadResult {
  const warnings: string[] = [];
  const articles: DocArticle[] = [];
  for (const file of listFiles(dir, warnings)) readOne(dir, file, articles, warnings);
  return { articles, warnings };
}

/** Files read between pauses in loadDocsAsync: a slice costs a few milliseconds. */
const FILES_PER_SLICE = 8;

/** loadDocs for a running bot: the same result, read a few files at a time with `pause()` between. */
export async function loadDocsAsync(dir: string, pause: () => Promise<void>): Promise<DocsLoadResult> {
  const warnings: string[] = [];
  const articles: DocArticle[] = [];
  const files = listFiles(dir, warnings);
  for (let i = 0; i < files.length; i++) {
    readOne(dir, files[i]!, articles, warnings);
    if (i % FILES_PER_SLICE === FILES_PER_SLICE - 1) await pause();
  }
  return { articles, warnings };
}

export { LEARN };
