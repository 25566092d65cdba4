// Reads Microsoft Learn markdown (docfx flavour) into front matter, a title and sections. The corpus has
// quirks this tolerates rather than rejects: CRLF line ends, tabs in the front matter, malformed tables,
// docfx extensions (:::image, [!INCLUDE], [!NOTE]) and raw HTML.
import yaml from 'js-yaml';

export type FrontMatter = Record<string, unknown>;

export type Section = {
  /** Heading text as shown on the page; the page title for the part above the first H2. */
  heading: string;
  /** 1 for the text under the H1, 2 or 3 for H2/H3 sections. */
  level: number;
  /** Learn's anchor for the heading; empty for the top of the page. */
  anchor: string;
  /** H4-H6 headings inside the section: short, telling phrases worth weighting above body text. */
  subheadings: string[];
  text: string;
  /**
   * The section's own source lines as written (docfx markdown, comments removed, H4-H6 headings kept),
   * without its heading line: what excerpts read lists, paragraphs and tables from.
   */
  markdown: string;
};

export type ParsedMarkdown = {
  frontMatter: FrontMatter;
  title: string;
  sections: Section[];
};

/** Learn (markdig/docfx) auto-identifiers: lowercase, punctuation dropped, spaces become hyphens. */
export function anchorSlug(heading: string): string {
  return inlineText(heading)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Markdown inline syntax to plain text: links keep their text, images and code marks go. */
export function inlineText(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[*_`]+/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits off the front matter and parses it as YAML. Tabs are not allowed in YAML indentation, and the
 * corpus has them, so they are turned into spaces first; if YAML still refuses, simple `key: value`
 * lines are read so that one odd header never costs an article.
 */
export function splitFrontMatter(source: string): { frontMatter: FrontMatter; body: string } {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!m) return { frontMatter: {}, body: text };
  const raw = m[1]!.replace(/\t/g, '  ');
  let frontMatter: FrontMatter = {};
  try {
    const parsed = yaml.load(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) frontMatter = parsed as FrontMatter;
  } catch {
    frontMatter = looseFrontMatter(raw);
  }
  return { frontMatter, body: text.slice(m[0].length) };
}

function looseFrontMatter(raw: string): FrontMatter {
  const out: FrontMatter = {};
  let listKey: string | undefined;
  for (const line of raw.split('\n')) {
    const item = /^\s*-\s*(.+)$/.exec(line);
    if (item && listKey) {
      const list = Array.isArray(out[listKey]) ? (out[listKey] as string[]) : [];
      list.push(item[1]!.trim());
      out[listKey] = list;
      continue;
    }
    const kv = /^([\w.-]+)\s*:\s*(.*)$/.exec(line);
    if (kv) {
      const value = kv[2]!.trim().replace(/^['"]|['"]$/g, '');
      out[kv[1]!] = value;
      listKey = value === '' ? kv[1]! : undefined;
    }
  }
  return out;
}

/** Removes what is not prose: comments, docfx blocks and markers, HTML, table rules, markdown syntax. */
export function cleanText(body: string): string {
  return inlineText(
    body
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/:::image[\s\S]*?:::/g, ' ')
      .replace(/:::[\w-]+(?:[^\n:]*)?:::/g, ' ')
      .replace(/^:::.*$/gm, ' ')
      .replace(/\[!INCLUDE\s*\[[^\]]*\]\([^)]*\)\]/gi, ' ')
      .replace(/\[!(?:NOTE|TIP|IMPORTANT|CAUTION|WARNING|VIDEO|div)\b[^\]]*\]/gi, ' ')
      .replace(/^\s*>+\s?/gm, '')
      .replace(/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/gm, ' ')
      .replace(/\|/g, ' ')
      .replace(/^\s*(?:[-+*]|\d+\.)\s+/gm, '')
      .replace(/^#+\s*/gm, ''),
  );
}

/** Parses a docs article into its title and H2/H3 sections (H4+ stay inside their section). */
export function parseMarkdown(source: string): ParsedMarkdown {
  const split = splitFrontMatter(source);
  const { frontMatter } = split;
  // Comments can span headings (writers' notes), so they go before the page is cut into sections.
  const body = split.body.replace(/<!--[\s\S]*?-->/g, '').replace(/<!--.*$/gm, '');
  const sections: Section[] = [];
  // `lines` feed the plain text (H4-H6 headings as their cleaned words); `raw` keeps the source lines.
  let current: Section & { lines: string[]; raw: string[] } = {
    heading: '',
    level: 1,
    anchor: '',
    subheadings: [],
    text: '',
    markdown: '',
    lines: [],
    raw: [],
  };
  let title = typeof frontMatter.title === 'string' ? frontMatter.title.trim() : '';
  let fence: string | undefined;
  const used = new Map<string, number>();

  const flush = () => {
    const text = cleanText(current.lines.join('\n'));
    if (current.level > 1 || text || current.subheadings.length) {
      const raw = current.raw;
      let start = 0;
      let end = raw.length;
      while (start < end && !raw[start]!.trim()) start++;
      while (end > start && !raw[end - 1]!.trim()) end--;
      const markdown = raw.slice(start, end).join('\n');
      sections.push({ heading: current.heading, level: current.level, anchor: current.anchor, subheadings: current.subheadings, text, markdown });
    }
  };

  for (const line of body.split('\n')) {
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fenceMark) {
      if (!fence) fence = fenceMark[1]![0];
      else if (fenceMark[1]![0] === fence) fence = undefined;
      current.lines.push(line);
      current.raw.push(line);
      continue;
    }
    const h = fence ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!h) {
      current.lines.push(line);
      current.raw.push(line);
      continue;
    }
    const level = h[1]!.length;
    const heading = inlineText(h[2]!);
    if (level === 1) {
      if (!title) title = heading;
      if (!current.heading) current.heading = heading;
      continue;
    }
    if (level >= 4) {
      current.subheadings.push(heading);
      current.lines.push(heading);
      current.raw.push(line);
      continue;
    }
    flush();
    // docfx de-duplicates repeated headings on a page with -1, -2 ... suffixes.
    const base = anchorSlug(heading);
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    current = { heading, level, anchor: seen ? `${base}-${seen}` : base, subheadings: [], text: '', markdown: '', lines: [], raw: [] };
  }
  flush();
  if (sections[0] && sections[0].level === 1 && !sections[0].heading) sections[0].heading = title;
  return { frontMatter, title, sections };
}
