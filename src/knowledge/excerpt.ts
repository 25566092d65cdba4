// The passage of a docs section that best answers a question, for the answer card: two to four whole
// sentences, or a list with the sentence that introduces it, in the small markdown dialect an Adaptive Card
// TextBlock renders (bold, italic, lists, links). Tables, notes, code, images, includes, HTML and docfx
// markers never reach the card. Everything here is linear in the section's size and capped, so an excerpt
// costs a fraction of a millisecond and can be made per answer, at run time.
import { LRUCache } from 'lru-cache';
import { queryWords, words } from './text.js';
import { LEARN } from './urls.js';

export type Excerpt = {
  /** Markdown for a TextBlock: bold, italic, lists and absolute links only. */
  text: string;
  kind: 'sentences' | 'steps';
  chars: number;
};

export type ExcerptOptions = {
  /** Longest excerpt, in characters of markdown (links count in full). Default 600; below 40, none. */
  maxChars?: number;
  /** The Learn URL of the article, to make relative links (`../x.md`, `#anchor`) absolute. */
  pageUrl?: string;
};

export const EXCERPT_MAX_CHARS = 600;
/** Only the start of a very long section is read: enough for any passage worth showing. */
const MAX_SOURCE = 20_000;
/** Less text than this is not an answer. */
const MIN_TEXT = 40;
const MAX_SENTENCES = 4;
/** Question words scored (a bit mask per passage). */
const MAX_TERMS = 30;
/** How far an opening `*`, `[` or backtick looks for its closing partner. */
const SPAN_LOOKAHEAD = 1_000;
const MAX_NESTING = 3;
/** Items of a list an excerpt may start from. */
const MAX_LIST_STARTS = 30;
const ELLIPSIS = '…';

// ---------------------------------------------------------------------------------------------------------
// Inline markdown: docfx inline syntax in, TextBlock markdown out, with the ranges that must not be cut.

/** Text in TextBlock markdown with, per character, whether a cut there would break a link or a span. */
type Inline = { md: string; prot: Uint8Array };

type Ctx = { pageUrl: string | undefined };

class Out {
  md = '';
  spans: number[] = [];
  /** The last character written (reading it off `md` would flatten the string at every step). */
  last: string | undefined;
  push(s: string) {
    if (!s) return;
    this.md += s;
    this.last = s[s.length - 1];
  }
  /** Appends s as one piece that must not be cut. */
  atom(s: string) {
    const start = this.md.length;
    this.push(s);
    if (s.length > 1) this.spans.push(start, this.md.length);
  }
  /** Appends an inline result, shifted, wrapped in `open`/`close`, all of it protected when `whole`. */
  wrap(open: string, inner: Out, close: string, whole: boolean) {
    const start = this.md.length;
    this.md += open;
    const shift = this.md.length;
    for (let k = 0; k < inner.spans.length; k++) this.spans.push(inner.spans[k]! + shift);
    this.md += inner.md + close;
    this.last = this.md[this.md.length - 1];
    if (whole) this.spans.push(start, this.md.length);
  }
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  quot: '"',
  apos: "'",
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  copy: '©',
  reg: '®',
  trade: '™',
  lt: '‹',
  gt: '›',
};

const WORD_CHAR = /[\p{L}\p{N}]/u;
const isSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n';
/** Block-level HTML: a line opening one of these starts an HTML block, which is skipped. */
const HTML_BLOCK =
  /^ {0,3}<\/?(table|thead|tbody|tr|td|th|div|p|ul|ol|li|dl|dt|dd|details|summary|pre|script|style|iframe|video|audio|figure|section|center|h[1-6]|blockquote|form|hr|nav|header|footer)\b/i;

/** Literal text (code, a URL shown as text) made inert: nothing in it turns into markdown or a tag. */
function literal(s: string): string {
  return s
    .replace(/[\\*[\]`]/g, '\\$&')
    .replace(/(^|[^\p{L}\p{N}])_|_(?=[^\p{L}\p{N}]|$)/gu, (m) => m.replace('_', '\\_'))
    .replace(/<(?=[/A-Za-z!])/g, '‹')
    .replace(/>/g, '›');
}

/**
 * Finds the `close` matching the `open` at i (nested pairs and escapes allowed), or -1; `lineOnly`: the pair
 * must close on the same line.
 */
function closing(src: string, i: number, open: string, close: string, lineOnly: boolean): number {
  let depth = 0;
  const end = Math.min(src.length, i + SPAN_LOOKAHEAD);
  for (let k = i; k < end; k++) {
    const c = src[k];
    if (c === '\\') k++;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return k;
    else if (lineOnly && c === '\n') return -1;
  }
  return -1;
}

/** The `]` closing the `[` at i (code spans and line breaks allowed inside), or -1. */
const closingBracket = (src: string, i: number) => closing(src, i, '[', ']', false);
/** The `)` closing the `(` at i on the same line, or -1. */
const closingParen = (src: string, i: number) => closing(src, i, '(', ')', true);

/**
 * A link target as an absolute URL, or undefined when it cannot be one (then the link keeps its text).
 * Site-absolute paths are Learn's; relative paths resolve against the page and lose `.md`.
 */
export function absoluteUrl(dest: string, pageUrl: string | undefined): string | undefined {
  let d = dest.trim();
  if (d.startsWith('<') && d.endsWith('>')) d = d.slice(1, -1).trim();
  if (!d) return undefined;
  let url: string;
  if (/^https?:\/\//i.test(d)) url = d;
  else if (/^mailto:/i.test(d)) return d.replace(/[()\s]/g, encodeURIComponent);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(d))
    return undefined; // xref:, javascript:, ...
  else if (d.startsWith('//')) url = `https:${d}`;
  else if (d.startsWith('~'))
    return undefined; // docfx repository paths
  else {
    let resolved: URL;
    try {
      if (d.startsWith('/')) resolved = new URL(d, LEARN);
      else if (pageUrl && /^https?:\/\//i.test(pageUrl)) resolved = new URL(d, pageUrl);
      else return undefined;
    } catch {
      return undefined;
    }
    if (resolved.hostname === 'learn.microsoft.com') {
      resolved.pathname = resolved.pathname
        .replace(/\/{2,}/g, '/')
        .replace(/\.(md|yml)$/i, '')
        .replace(/\/index$/i, '/');
    }
    url = resolved.toString();
  }
  // `(`, `)` and spaces would end the markdown link early.
  return url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
}

/** Converts one paragraph's (or list item's) inline markdown; lines are already joined with spaces. */
function convert(src: string, ctx: Ctx, depth = 0): Out {
  const out = new Out();
  const n = src.length;
  let i = 0;
  const plain = /[^\\`![\]<&*_ \t\n\u00a0hH]+/y;
  while (i < n) {
    plain.lastIndex = i;
    const run = plain.exec(src);
    if (run) {
      out.push(run[0]);
      i += run[0].length;
      continue;
    }
    const c = src[i]!;
    if (c === '\\') {
      const next = src[i + 1];
      if (next !== undefined && /[!-/:-@[-`{-~]/.test(next)) {
        out.atom(`\\${next}`);
        i += 2;
      } else {
        out.push('\\\\');
        i++;
      }
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (src[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      let close = src.indexOf(fence, i + run);
      while (close >= 0 && src[close + run] === '`') close = src.indexOf(fence, close + run + 1);
      if (close >= 0 && close - i <= SPAN_LOOKAHEAD) {
        const code = src.slice(i + run, close).trim();
        if (code) out.atom(literal(code));
        i = close + run;
      } else {
        i += run; // a stray backtick is dropped
      }
      continue;
    }
    if (c === '!' && src[i + 1] === '[') {
      const end = skipLinkish(src, i + 1);
      if (end > 0) {
        i = end; // images never reach the card
        continue;
      }
      out.push('!');
      i++;
      continue;
    }
    if (c === '[') {
      i = link(src, i, ctx, depth, out);
      continue;
    }
    if (c === ']') {
      out.atom('\\]');
      i++;
      continue;
    }
    if (c === '<') {
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(src.slice(i, i + SPAN_LOOKAHEAD));
      if (auto) {
        const url = absoluteUrl(auto[1]!, ctx.pageUrl);
        out.atom(url ? `[${literal(auto[1]!)}](${url})` : literal(auto[1]!));
        i += auto[0].length;
        continue;
      }
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i + 4);
        i = end < 0 ? n : end + 3;
        continue;
      }
      const tag = /^<\/?([A-Za-z][\w-]*)(?:\s[^<>]*)?\/?>/.exec(src.slice(i, i + SPAN_LOOKAHEAD));
      if (tag) {
        if (/^br$/i.test(tag[1]!) && !isSpace(out.last)) out.push(' ');
        i += tag[0].length;
        continue;
      }
      out.push(/[A-Za-z/!]/.test(src[i + 1] ?? '') ? '‹' : '<');
      i++;
      continue;
    }
    if (c === '&') {
      const ent = /^&(#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,8});/i.exec(src.slice(i, i + 12));
      if (ent) {
        const name = ent[1]!;
        let ch: string | undefined;
        if (name[0] === '#') {
          const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
          ch = code > 31 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
          if (ch === '<') ch = '‹';
          else if (ch === '>') ch = '›';
          else if (/[\\*_[\]`]/.test(ch)) ch = `\\${ch}`;
        } else {
          ch = ENTITIES[name.toLowerCase()];
        }
        if (ch !== undefined) {
          out.push(ch);
          i += ent[0].length;
          continue;
        }
      }
      out.push('&');
      i++;
      continue;
    }
    if ((c === 'h' || c === 'H') && (i === 0 || !WORD_CHAR.test(src[i - 1]!))) {
      const bare = /^https?:\/\/[^\s<>()[\]"]*[^\s<>()[\]".,;:!?'’*_]/i.exec(src.slice(i, i + SPAN_LOOKAHEAD));
      if (bare) {
        out.atom(bare[0].replace(/[*`\\]/g, (m) => encodeURIComponent(m)));
        i += bare[0].length;
        continue;
      }
    }
    if (c === '*' || c === '_') {
      i = emphasis(src, i, ctx, depth, out);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\u00a0') {
      if (out.md.length && !isSpace(out.last)) out.push(' ');
      i++;
      continue;
    }
    out.push(c);
    i++;
  }
  return out;
}

/** End (exclusive) of `[...](...)`, `[...][...]` or `[...]` starting at i, or -1. */
function skipLinkish(src: string, i: number): number {
  const close = closingBracket(src, i);
  if (close < 0) return -1;
  if (src[close + 1] === '(') {
    const end = closingParen(src, close + 1);
    return end < 0 ? -1 : end + 1;
  }
  if (src[close + 1] === '[') {
    const end = src.indexOf(']', close + 2);
    return end < 0 ? close + 1 : end + 1;
  }
  return close + 1;
}

/** A `[` at i: a link, a reference link, a docfx include or alert marker, or a literal bracket. */
function link(src: string, i: number, ctx: Ctx, depth: number, out: Out): number {
  const close = closingBracket(src, i);
  if (close < 0) {
    out.atom('\\[');
    return i + 1;
  }
  if (src[i + 1] === '!') {
    // [!INCLUDE[...](...)], [!NOTE], [!div class="..."], [!VIDEO ...]: docfx, never shown.
    return src[close + 1] === '(' ? Math.max(close + 1, closingParen(src, close + 1) + 1) : close + 1;
  }
  const textSrc = src.slice(i + 1, close);
  const inner = depth < MAX_NESTING ? convert(textSrc, ctx, depth + 1) : plainOut(textSrc);
  trimOut(inner);
  if (src[close + 1] === '(') {
    const end = closingParen(src, close + 1);
    if (end > 0) {
      const dest = src.slice(close + 2, end).trim();
      const target = /^<[^>]*>/.exec(dest)?.[0] ?? dest.split(/\s+/)[0] ?? '';
      const url = absoluteUrl(target, ctx.pageUrl);
      if (inner.md) {
        if (url) out.wrap('[', inner, `](${url})`, true);
        else out.wrap('', inner, '', true);
      }
      return end + 1;
    }
  }
  if (src[close + 1] === '[') {
    // Reference-style: the text stays, the reference goes.
    const end = src.indexOf(']', close + 2);
    if (inner.md) out.wrap('', inner, '', true);
    return end < 0 ? close + 1 : end + 1;
  }
  // A bracketed phrase that is no link ("[Preview]") stays literal.
  out.wrap('\\[', inner, '\\]', true);
  return close + 1;
}

/** Text as a literal Out (for nesting too deep to parse). */
function plainOut(s: string): Out {
  const o = new Out();
  o.push(literal(s.replace(/\s+/g, ' ')));
  return o;
}

function trimOut(o: Out) {
  const lead = o.md.length - o.md.trimStart().length;
  if (lead) {
    o.md = o.md.slice(lead);
    for (let k = 0; k < o.spans.length; k++) o.spans[k] = Math.max(0, o.spans[k]! - lead);
  }
  o.md = o.md.trimEnd();
  for (let k = 0; k < o.spans.length; k++) o.spans[k] = Math.min(o.md.length, o.spans[k]!);
}

/** A run of `*` or `_` at i: emphasis when it has a partner, otherwise literal (escaped). */
function emphasis(src: string, i: number, ctx: Ctx, depth: number, out: Out): number {
  const c = src[i]!;
  let run = 1;
  while (src[i + run] === c) run++;
  const prev = src[i - 1];
  const next = src[i + run];
  const intraword = c === '_' && prev !== undefined && WORD_CHAR.test(prev) && next !== undefined && WORD_CHAR.test(next);
  const opens = !isSpace(next) && !(c === '_' && prev !== undefined && WORD_CHAR.test(prev));
  if (intraword) {
    out.push(c.repeat(run));
    return i + run;
  }
  if (opens && depth < MAX_NESTING) {
    const want = run >= 2 ? 2 : 1;
    const limit = Math.min(src.length, i + run + SPAN_LOOKAHEAD);
    let k = i + run;
    while (k < limit) {
      const pos = src.indexOf(c, k);
      if (pos < 0 || pos >= limit) break;
      let closeRun = 1;
      while (src[pos + closeRun] === c) closeRun++;
      const before = src[pos - 1];
      const after = src[pos + closeRun];
      const fits = want === 2 ? closeRun >= 2 : closeRun === 1;
      const closes = !isSpace(before) && pos > i + run && !(c === '_' && after !== undefined && WORD_CHAR.test(after));
      if (fits && closes) {
        const inner = convert(src.slice(i + run, pos), ctx, depth + 1);
        trimOut(inner);
        if (inner.md) {
          const mark = want === 2 ? '**' : c;
          out.wrap(mark, inner, mark, true);
        }
        return pos + closeRun;
      }
      k = pos + closeRun;
    }
  }
  // No partner: literal characters, escaped so that the renderer does not pair them with something else.
  for (let k = 0; k < run; k++) out.atom(`\\${c}`);
  return i + run;
}

/**
 * Marks links, spans and parenthesised asides as uncuttable; a parenthesis the source never closed (or
 * opened) is escaped instead, so that nothing pairs with it.
 */
function toInline(o: Out): Inline {
  let md = o.md;
  const prot = new Uint8Array(md.length + 1);
  for (let k = 0; k + 1 < o.spans.length; k += 2) prot.fill(1, o.spans[k]! + 1, o.spans[k + 1]!);
  const open: number[] = [];
  const unmatched: number[] = [];
  for (let k = 0; k < md.length; k++) {
    if (prot[k]) continue;
    const ch = md[k];
    if (ch === '\\') {
      k++;
      continue;
    }
    if (ch === '(') open.push(k);
    else if (ch === ')') {
      const start = open.pop();
      if (start === undefined) unmatched.push(k);
      else prot.fill(1, start + 1, k);
    }
  }
  unmatched.push(...open);
  if (unmatched.length) {
    unmatched.sort((a, b) => a - b);
    let s = '';
    let last = 0;
    const shifted = new Uint8Array(md.length + unmatched.length + 1);
    for (const [j, pos] of unmatched.entries()) {
      s += `${md.slice(last, pos)}\\`;
      shifted.set(prot.subarray(last, pos), last + j);
      shifted[pos + j] = 0;
      shifted[pos + j + 1] = 1;
      last = pos;
    }
    s += md.slice(last);
    shifted.set(prot.subarray(last, md.length), last + unmatched.length);
    md = s;
    return { md, prot: shifted };
  }
  return { md, prot };
}

function inline(src: string, ctx: Ctx): Inline {
  const o = convert(src, ctx);
  trimOut(o);
  return toInline(o);
}

/** The words of an excerpt's markdown, without link targets or markup. */
export function plainText(md: string): string {
  return md
    .replace(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)/g, '$1')
    .replace(/(?<!\\)\*+/g, '')
    .replace(/(?<![\\\p{L}\p{N}])_|(?<!\\)_(?![\p{L}\p{N}])/gu, '')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

// ---------------------------------------------------------------------------------------------------------
// Sentences

/** Words that end with a full stop but do not end a sentence. */
const ABBREVIATION =
  /^(?:e\.g|i\.e|etc|vs|cf|al|approx|incl|esp|fig|no|nos|vol|ver|min|max|avg|est|dept|mr|mrs|ms|dr|st|jr|sr|inc|ltd|corp|co|resp|ca|p|pp)\.$/i;
const INITIALS = /^(?:[A-Za-z]\.)+$/;
const SENTENCE_START = /[\p{Lu}\p{N}"“‘'([*_\\]/u;

type Sentence = { md: string; prot: Uint8Array };

/**
 * Cuts a paragraph into sentences at `.`, `!` or `?` followed by a space and a capital letter (or a link,
 * a figure, a quote). Never inside a link, a span or an aside, and never after an abbreviation ("e.g.",
 * "etc.", "vs.", initials), a version number or a URL.
 */
function sentences(p: Inline): Sentence[] {
  const { md, prot } = p;
  const out: Sentence[] = [];
  let start = 0;
  for (let k = 1; k < md.length - 1; k++) {
    if (md[k] !== ' ' || prot[k]) continue;
    // Skip back over closing quotes, brackets and emphasis marks to the punctuation.
    let e = k - 1;
    while (e > start && /["'”’)*_]/.test(md[e]!)) e--;
    const stop = md[e];
    if (stop !== '.' && stop !== '!' && stop !== '?') continue;
    if (md[e - 1] === '\\') continue;
    let s = k + 1;
    while (md[s] === ' ') s++;
    if (!SENTENCE_START.test(md[s] ?? '')) continue;
    if (stop === '.') {
      let w = e - 1;
      while (w >= start && md[w] !== ' ') w--;
      const word = md.slice(w + 1, e + 1).replace(/^["'“‘(*_[\\]+/, '');
      if (ABBREVIATION.test(word) || INITIALS.test(word)) continue;
    }
    out.push({ md: md.slice(start, k), prot: prot.subarray(start, k) });
    start = s;
    k = s;
  }
  if (start < md.length) out.push({ md: md.slice(start), prot: prot.subarray(start, md.length) });
  return out;
}

/**
 * Shortens text to at most `max` characters at the last space where nothing is open (no link, span or
 * aside), ending with "…"; when no such space fits, the words alone are cut.
 */
function cut(s: Sentence, max: number): string {
  if (s.md.length <= max) return s.md;
  const limit = max - ELLIPSIS.length;
  for (let k = Math.min(limit, s.md.length - 1); k > 0; k--) {
    if (s.md[k] !== ' ' || s.prot[k]) continue;
    const head = s.md.slice(0, k).replace(/[\s,;:–—-]+$/, '');
    if (head.length >= Math.min(40, limit / 2) && !/\\$/.test(head)) return head + ELLIPSIS;
    break;
  }
  // No clean place: drop the formatting and cut the words.
  const plain = plainText(s.md).replace(/\s+/g, ' ');
  const escaped = literal(plain);
  let k = Math.min(limit, escaped.length);
  while (k > 0 && escaped[k] !== ' ') k--;
  let head = (k > 0 ? escaped.slice(0, k) : escaped.slice(0, limit)).replace(/[\s,;:–—-]+$/, '');
  if (/\\$/.test(head)) head = head.slice(0, -1);
  return head + ELLIPSIS;
}

/** Text shortened to whole sentences that fit; a first sentence too long alone is cut at a word. */
function fit(p: Inline, max: number): string {
  if (p.md.length <= max) return p.md;
  const parts = sentences(p);
  let text = '';
  for (const s of parts) {
    const next = text ? `${text} ${s.md}` : s.md;
    if (next.length > max) break;
    text = next;
  }
  return text || cut(parts[0] ?? p, max);
}

// ---------------------------------------------------------------------------------------------------------
// Blocks

type Para = { kind: 'para'; inline: Inline };
type ListItem = { text: Inline | undefined; children: List[] };
type List = { kind: 'list'; ordered: boolean; start: number; items: ListItem[] };
type Block =
  | Para
  | List
  | { kind: 'heading'; text: string }
  /** Something never shown: `breaks` when it separates the prose around it (a table, a note, code). */
  | { kind: 'skip'; breaks: boolean };

const FENCE = /^ *(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])( +|$)(.*)$/;
const TABLE_RULE = /^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$/;

const closingFence = (mark: string) => new RegExp(`^ *${mark[0] === '`' ? '`' : '~'}{${mark.length},} *$`);
const indentOf = (line: string) => line.length - line.trimStart().length;
const blank = (line: string | undefined) => line === undefined || line.trim() === '';

function isTableStart(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (/^ *\|/.test(line)) return true;
  const next = lines[i + 1];
  return line.includes('|') && next !== undefined && next.includes('-') && next.includes('|') && TABLE_RULE.test(next);
}

/** Whether a line starts a block of its own (and so cannot continue a paragraph). */
function startsBlock(lines: string[], i: number): boolean {
  const line = lines[i]!;
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    THEMATIC.test(line) ||
    /^ *>/.test(line) ||
    /^ *:::/.test(line) ||
    /^ *\[!INCLUDE/i.test(line) ||
    HTML_BLOCK.test(line) ||
    isTableStart(lines, i) ||
    LIST_ITEM.test(line)
  );
}

function parseBlocks(lines: string[], ctx: Ctx, depth: number): Block[] {
  const out: Block[] = [];
  let i = 0;
  const n = lines.length;
  while (i < n) {
    const line = lines[i]!;
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const mark = fence[1]!;
      i++;
      const close = closingFence(mark);
      while (i < n && !close.test(lines[i]!)) i++;
      i++;
      out.push({ kind: 'skip', breaks: true });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push({ kind: 'heading', text: plainText(inline(heading[2] ?? '', ctx).md) });
      i++;
      continue;
    }
    if (THEMATIC.test(line)) {
      out.push({ kind: 'skip', breaks: true });
      i++;
      continue;
    }
    if (/^ *>/.test(line)) {
      // Notes, tips and quotes: the card never shows them.
      while (i < n && !blank(lines[i])) i++;
      out.push({ kind: 'skip', breaks: true });
      continue;
    }
    if (/^ *:::/.test(line)) {
      const t = line.trim();
      if (/^:::\s*image\b/i.test(t)) {
        if (/type\s*=\s*["']complex["']/i.test(t)) {
          while (i < n && !/:::\s*image-end\s*:::/i.test(lines[i]!)) i++;
        } else if (!/:::\s*image\b[\s\S]*:::/i.test(t)) {
          i++;
          while (i < n && !lines[i]!.includes(':::')) i++;
        }
        i++;
        out.push({ kind: 'skip', breaks: false });
      } else {
        // :::row:::, :::column:::, ::: zone pivot: layout and alternatives, each part stands alone.
        i++;
        out.push({ kind: 'skip', breaks: true });
      }
      continue;
    }
    if (/^ *\[!INCLUDE/i.test(line)) {
      i++;
      out.push({ kind: 'skip', breaks: false });
      continue;
    }
    const html = HTML_BLOCK.exec(line);
    if (html) {
      const tag = html[1]!.toLowerCase();
      const closing = new RegExp(`</${tag}\\s*>`, 'i');
      const container = /^(table|div|ul|ol|dl|details|pre|script|style|figure|section|center|blockquote|form|nav)$/.test(tag);
      if (container && !closing.test(line)) {
        let k = i + 1;
        while (k < n && !closing.test(lines[k]!)) k++;
        i = k < n ? k + 1 : i + 1;
        if (k >= n) while (i < n && !blank(lines[i])) i++;
      } else {
        while (i < n && !blank(lines[i])) i++;
      }
      out.push({ kind: 'skip', breaks: true });
      continue;
    }
    if (isTableStart(lines, i)) {
      const start = i;
      while (i < n && !blank(lines[i]) && lines[i]!.includes('|')) i++;
      out.push(tableAsList(lines.slice(start, i), ctx) ?? { kind: 'skip', breaks: true });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      i = parseList(lines, i, ctx, depth, out);
      continue;
    }
    // A paragraph: lines up to a blank line or a line that starts another block.
    const start = i;
    i++;
    while (i < n && !blank(lines[i]) && !startsBlock(lines, i)) i++;
    const text = lines
      .slice(start, i)
      .map((l) => l.trim())
      .join(' ');
    const para = inline(text, ctx);
    // A paragraph that is only a link (or a row of them) points elsewhere: it is navigation, not prose
    // (in a list item it is the item, a step of its own).
    if (!para.md) out.push({ kind: 'skip', breaks: false });
    else if (depth === 0 && linkOnly(para.md)) out.push({ kind: 'skip', breaks: true });
    else out.push({ kind: 'para', inline: para });
  }
  return out;
}

/** The cells of a table row, split at pipes that are not escaped. */
function cells(row: string): string[] {
  const t = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return t.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/**
 * A two-column table of short cells ("Require BitLocker | Require") reads well as "cell: cell" lines; any
 * other table (wide, long cells, lists or pictures in cells, empty cells) is not shown at all.
 */
function tableAsList(rows: string[], ctx: Ctx): List | undefined {
  if (rows.length < 3 || rows.length > 40 || !TABLE_RULE.test(rows[1]!)) return undefined;
  const items: ListItem[] = [];
  for (const row of rows.slice(2)) {
    const c = cells(row);
    if (c.length !== 2 || /<(?:br|ul|li|p|img)\b|<\/br>|:::|!\[|\[!/i.test(row)) return undefined;
    const key = inline(c[0]!, ctx);
    const val = inline(c[1]!, ctx);
    const keyText = plainText(key.md).trim();
    const valText = plainText(val.md).trim();
    if (!keyText || !valText || keyText.length > 80 || valText.length > 200) return undefined;
    const sep = /[:.]$/.test(keyText) ? ' ' : ': ';
    items.push({ text: joinInline([key, val], sep), children: [] });
  }
  return items.length ? { kind: 'list', ordered: false, start: 1, items } : undefined;
}

/** Reads a list starting at line i into out; returns the first line after it. */
function parseList(lines: string[], i: number, ctx: Ctx, depth: number, out: Block[]): number {
  const n = lines.length;
  const first = LIST_ITEM.exec(lines[i]!)!;
  const ordered = /\d/.test(first[2]!);
  const list: List = { kind: 'list', ordered, start: ordered ? Number.parseInt(first[2]!, 10) : 1, items: [] };
  for (;;) {
    const m = LIST_ITEM.exec(lines[i]!)!;
    const indent = m[1]!.length;
    const spaces = m[3]!.length;
    const col = indent + m[2]!.length + (spaces >= 1 && spaces <= 4 ? spaces : 1);
    const itemLines = [spaces > 4 ? `${' '.repeat(spaces - 1)}${m[4]}` : m[4]!];
    let j = i + 1;
    let lastBlank = false;
    let fence: RegExp | undefined;
    while (j < n) {
      const l = lines[j]!;
      if (fence) {
        // Code in an item runs to its closing fence, however it is indented.
        itemLines.push(l.slice(Math.min(col, indentOf(l))));
        if (fence.test(l)) fence = undefined;
        j++;
        continue;
      }
      const open = FENCE.exec(l);
      if (open && indentOf(l) >= col) fence = closingFence(open[1]!);
      if (blank(l)) {
        itemLines.push('');
        lastBlank = true;
        j++;
        continue;
      }
      const ind = indentOf(l);
      if (ind >= col) {
        itemLines.push(l.slice(col));
      } else if (ind > indent && LIST_ITEM.test(l)) {
        // A sub-list indented less than CommonMark wants still reads as a sub-list.
        itemLines.push(l.slice(ind));
      } else if (!lastBlank && !startsBlock(lines, j)) {
        itemLines.push(l.trimStart()); // a lazy continuation line
      } else {
        break;
      }
      lastBlank = false;
      j++;
    }
    while (itemLines.length && blank(itemLines[itemLines.length - 1])) itemLines.pop();
    list.items.push(listItem(itemLines, ctx, depth));
    i = j;
    // The next line at this level, after any blank lines, may be the next item.
    let k = i;
    while (k < n && blank(lines[k])) k++;
    const next = k < n ? LIST_ITEM.exec(lines[k]!) : null;
    if (!next || /\d/.test(next[2]!) !== ordered || next[1]!.length >= col) {
      break;
    }
    i = k;
  }
  out.push(list);
  return i;
}

/** An item's text (its paragraphs, joined) and its sub-lists; images, notes, code and tables in it go. */
function listItem(lines: string[], ctx: Ctx, depth: number): ListItem {
  const blocks = depth < MAX_NESTING ? parseBlocks(lines, ctx, depth + 1) : [];
  const parts: Inline[] = [];
  const children: List[] = [];
  for (const b of blocks) {
    if (b.kind === 'para') parts.push(b.inline);
    else if (b.kind === 'list') children.push(b);
  }
  return { text: parts.length ? joinInline(parts, ' ') : undefined, children };
}

function joinInline(parts: Inline[], sep: string): Inline {
  if (parts.length === 1) return parts[0]!;
  const md = parts.map((p) => p.md).join(sep);
  const prot = new Uint8Array(md.length + 1);
  let at = 0;
  for (const p of parts) {
    prot.set(p.prot.subarray(0, p.md.length), at);
    at += p.md.length + sep.length;
  }
  return { md, prot };
}

// ---------------------------------------------------------------------------------------------------------
// Scoring and choosing

type Candidate = {
  kind: 'sentences' | 'steps';
  /** The passage's markdown, made only for the candidates that are looked at. */
  build: () => string;
  mask: number;
  /** The best single sentence or item: passages where the question's words meet score higher. */
  peak: number;
  /** Sentences about a picture, table or video the card does not show. */
  pointers?: number;
  /** A passage of one sentence (where the rule is two to four). */
  single?: boolean;
  /** For lists: whether the sentence that introduces it comes along, and the first item shown. */
  introduced?: boolean;
  from?: number;
  /** Items shown. */
  shown?: number;
  pos: number;
};

/** Questions that ask for a procedure: their best answer is a list of steps, when there is one. */
const PROCEDURAL =
  /\b(how (?:do|does|can|could|should|would|to|i|we)|steps|step[- ]by[- ]step|steps? (?:to|for)|set ?up|configur\w*|enabl\w*|deploy\w*|implement\w*|turn on|roll ?out|creat\w*|install\w*|register\w*|migrat\w*|checklist|process|guide)\b/i;
/** An introduction to links to read rather than things to do. */
const NAVIGATION = /\b(?:see|more information|learn more|resources|related|articles|links|training|reading|references?)\b/i;
/** A sentence that only announces what comes next: a list, a table, code. */
const ANNOUNCES = /:\**$|\b(?:the following|below|as follows|these (?:steps|links|resources))\b/i;
/** A sentence about something the card cannot show ("The preceding diagram ...", "this table"). */
const POINTS_AT_MEDIA =
  /\b(?:this|these|the (?:following|preceding|previous|above|next)|in the|shown in the)\s+(?:\w+\s+)?(?:illustrations?|diagrams?|images?|figures?|screenshots?|pictures?|tables?|videos?|posters?|graphics?|architecture)\b|\b(?:illustrates|depicts|pictured|shown (?:here|below|above))\b/i;
const DEFINITIONAL = /^\s*(what|why|who|define|explain)\b|\b(mean|meaning|definition|difference)\b/i;

/** Whether a list item is nothing but a link (a "see also" entry). */
function linkOnly(md: string): boolean {
  const rest = md.replace(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)/g, '');
  return rest.replace(/[^\p{L}\p{N}]+/gu, '').length < 3;
}

/**
 * The words of a heading or a step's first sentence, the texts maskOf reads for every question about their
 * section: read once (a heading's words are the same whatever is asked).
 */
const shortWords = new LRUCache<string, string[]>({ max: 5000 });
function wordsOfShort(text: string): string[] {
  let hit = shortWords.get(text);
  if (!hit) shortWords.set(text, (hit = words(text)));
  return hit;
}

/** A sentence of a paragraph read into what scoring needs: all of it independent of the question. */
type ReadText = { s: Sentence; plain: string; low: string; prose: number; pointer: boolean; announces: boolean; colon: boolean; stems?: string[] };
const readSentences = new WeakMap<object, ReadText[]>();
/** A list item's words (with its sub-items'), read once per item. */
const readItems = new WeakMap<object, Pick<ReadText, 'plain' | 'low' | 'stems'>>();

/** A paragraph's sentences, read once per paragraph (see blocksOf). */
function sentencesOf(b: Extract<Block, { kind: 'para' }>): ReadText[] {
  let hit = readSentences.get(b);
  if (!hit) {
    hit = sentences(b.inline).map((s) => {
      const plain = plainText(s.md);
      return {
        s,
        plain,
        low: plain.toLowerCase(),
        prose: plain.replace(/[^\p{L}\p{N}]+/gu, '').length,
        pointer: POINTS_AT_MEDIA.test(s.md),
        announces: ANNOUNCES.test(s.md),
        colon: /:\**$/.test(s.md),
      };
    });
    readSentences.set(b, hit);
  }
  return hit;
}

/** A list item's text with its sub-items', as plain text. */
function itemText(item: ListItem): string {
  let t = item.text ? plainText(item.text.md) : '';
  for (const c of item.children) for (const sub of c.items) t += ` ${itemText(sub)}`;
  return t;
}

/** A list item read for scoring, once per item. */
function itemRead(item: ListItem): Pick<ReadText, 'plain' | 'low' | 'stems'> {
  let read = readItems.get(item);
  if (!read) {
    const plain = itemText(item);
    readItems.set(item, (read = { plain, low: plain.toLowerCase() }));
  }
  return read;
}

/**
 * Reads a section now as excerpt() would on the first question about it: its blocks, its paragraphs'
 * sentences and its list items, with their words. The bot reads every section of its docs this way after
 * start-up (see Knowledge.readDocs), so no question waits for a section read for the first time.
 */
export function readSection(section: { markdown: string }, pageUrl: string | undefined): void {
  for (const b of blocksOf(section, pageUrl)) {
    const read = b.kind === 'para' ? sentencesOf(b) : b.kind === 'list' ? b.items.map(itemRead) : [];
    for (const r of read) r.stems ??= words(r.plain);
  }
}

/**
 * A section's blocks do not depend on the question: they are parsed once per section (and page URL) and
 * kept as long as the section is, so a page asked about again costs only the scoring.
 */
const parsed = new WeakMap<object, { pageUrl: string | undefined; blocks: Block[] }>();

function blocksOf(section: { markdown: string }, pageUrl: string | undefined): Block[] {
  const hit = parsed.get(section);
  if (hit && hit.pageUrl === pageUrl) return hit.blocks;
  const ctx: Ctx = { pageUrl };
  const raw = section.markdown ?? '';
  let source = (raw.length > MAX_SOURCE ? raw.slice(0, MAX_SOURCE + 2_000) : raw).replace(/\r\n?/g, '\n');
  if (source.length > MAX_SOURCE) source = source.slice(0, Math.max(source.lastIndexOf('\n', MAX_SOURCE), MAX_SOURCE / 2));
  source = source.replace(/<!--[\s\S]*?-->/g, '');
  // Tabs in indentation, and a tab after a list marker ("-\tItem", as some pages write lists), read as spaces.
  const lines = source
    .split('\n')
    .map((l) => (l.includes('\t') ? l.replace(/^[ \t]+/, (m) => m.replace(/\t/g, '    ')).replace(/^( *)([-*+]|\d{1,9}[.)])\t+/, '$1$2 ') : l));
  const blocks = parseBlocks(lines, ctx, 0);
  parsed.set(section, { pageUrl, blocks });
  return blocks;
}

export function excerpt(section: { markdown: string; heading: string }, question: string, options: ExcerptOptions = {}): Excerpt | undefined {
  const max = options.maxChars ?? EXCERPT_MAX_CHARS;
  if (!(max >= MIN_TEXT)) return undefined;
  const blocks = blocksOf(section, options.pageUrl);

  // Question words, as the index stems them; each gets a bit.
  const terms = new Map<string, number>();
  for (const w of queryWords(question)) if (!terms.has(w) && terms.size < MAX_TERMS) terms.set(w, terms.size);
  // A stem keeps the start of its word: text without any term's first letters holds none of them, and is
  // not worth normalising and stemming word by word.
  const starts = [...new Set([...terms.keys()].map((t) => t.slice(0, 3)))];
  const maskOf = (text: string): number => {
    if (!terms.size) return 0;
    const low = text.toLowerCase();
    if (!starts.some((p) => low.includes(p))) return 0;
    let m = 0;
    for (const w of wordsOfShort(text)) {
      const b = terms.get(w);
      if (b !== undefined) m |= 1 << b;
    }
    return m;
  };
  /** maskOf for a text read before: its lowercase form and stems are kept with it. */
  const maskOfRead = (r: Pick<ReadText, 'plain' | 'low' | 'stems'>): number => {
    if (!terms.size || !starts.some((p) => r.low.includes(p))) return 0;
    let m = 0;
    for (const w of (r.stems ??= words(r.plain))) {
      const b = terms.get(w);
      if (b !== undefined) m |= 1 << b;
    }
    return m;
  };

  // Units (sentences, list items, subheadings) with the question words each holds; rarer words weigh more.
  /** `prose`: letters and digits shown; `pointer`: the sentence is about a picture or table not shown. */
  type Unit = { s: Sentence; mask: number; prose: number; pointer: boolean; announces?: boolean; colon?: boolean };
  type Run = { units: Unit[][]; context: number; pos: number };
  const runs: Run[] = [];
  type ListCand = { list: List; intro: Unit | undefined; context: number; itemMasks: number[]; pos: number };
  const lists: ListCand[] = [];
  const df = new Array<number>(terms.size).fill(0);
  let unitCount = 0;
  const count = (mask: number) => {
    unitCount++;
    for (let b = 0; b < df.length; b++) if (mask & (1 << b)) df[b]!++;
  };
  // The words of the subheading a passage sits under count as the passage's (the section's own heading is
  // the same for every passage, so it decides nothing).
  let context = 0;
  let run: Run | undefined;
  let lastPara: Unit[] | undefined;
  let pos = 0;
  for (const b of blocks) {
    if (b.kind === 'para') {
      const units = sentencesOf(b).map((r) => {
        const u = { s: r.s, mask: maskOfRead(r), prose: r.prose, pointer: r.pointer, announces: r.announces, colon: r.colon };
        count(u.mask);
        return u;
      });
      if (!run) runs.push((run = { units: [], context, pos: pos }));
      run.units.push(units);
      lastPara = units;
      pos += units.length;
    } else if (b.kind === 'list') {
      const itemMasks = b.items.map((it) => {
        const m = maskOfRead(itemRead(it));
        count(m);
        return m;
      });
      let intro = lastPara?.[lastPara.length - 1];
      let introAt = pos - 1;
      const before = lastPara?.[lastPara.length - 2];
      // "Don't rebuild them:" says little alone: the sentence before it comes along.
      if (intro && before && intro.s.md.length < 60 && before.s.md.length + intro.s.md.length < max / 2) {
        intro = { s: joinInline([before.s, intro.s], ' '), mask: before.mask | intro.mask, prose: before.prose + intro.prose, pointer: false };
        introAt--;
      }
      lists.push({ list: b, intro, context, itemMasks, pos: intro ? introAt : pos });
      pos += b.items.length;
      run = undefined;
      lastPara = undefined;
    } else if (b.kind === 'heading') {
      const m = maskOf(b.text);
      count(m);
      context = m;
      run = undefined;
      lastPara = undefined;
    } else if (b.breaks) {
      run = undefined;
      lastPara = undefined;
    }
  }
  // Words of the section's heading are what the whole section is about: the passage is chosen more by the
  // question's other words.
  const headingMask = maskOf(section.heading);
  const weight = df.map((d, b) => Math.log(1 + (unitCount + 1) / (d + 0.5)) * (headingMask & (1 << b) ? 0.6 : 1));
  const value = (mask: number) => {
    let v = 0;
    for (let b = 0; b < weight.length; b++) if (mask & (1 << b)) v += weight[b]!;
    return v;
  };

  const candidates: Candidate[] = [];

  // Sentence windows: 2-4 consecutive sentences of one paragraph or of adjacent paragraphs.
  for (const r of runs) {
    const flat: { u: Unit; para: number }[] = [];
    r.units.forEach((units, para) => units.forEach((u) => flat.push({ u, para })));
    let at = r.pos;
    for (let i = 0; i < flat.length; i++, at++) {
      const picked: { u: Unit; para: number }[] = [];
      let len = 0;
      for (let k = i; k < flat.length && picked.length < MAX_SENTENCES; k++) {
        const add = flat[k]!.u.s.md.length + (picked.length ? (flat[k]!.para === picked[picked.length - 1]!.para ? 1 : 2) : 0);
        if (picked.length && len + add > max) break;
        picked.push(flat[k]!);
        len += add;
      }
      // A passage does not end on a sentence that announces what follows ("...these steps:").
      while (picked.length > 1 && picked[picked.length - 1]!.u.announces) picked.pop();
      // Alone, such a sentence is shown only when nothing better is there, and never when it ends in ":".
      const announces = picked.length === 1 && picked[0]!.u.announces === true;
      if (announces && picked[0]!.u.colon) continue;
      let mask = r.context;
      let peak = 0;
      let pointers = 0;
      let prose = 0;
      for (const p of picked) {
        if (p.u.pointer) pointers++;
        prose += p.u.prose;
        mask |= p.u.mask;
        peak = Math.max(peak, value(p.u.mask));
      }
      // Nothing but sentences about what the card does not show ("Follow this table ...") is no answer.
      if (prose < 20 || pointers === picked.length || (announces && pointers)) continue;
      const build = () => {
        let text = '';
        picked.forEach((p, k) => {
          const piece = k === 0 && p.u.s.md.length > max ? cut(p.u.s, max) : p.u.s.md;
          text += k === 0 ? piece : p.para === picked[k - 1]!.para ? ` ${piece}` : `\n\n${piece}`;
        });
        return text;
      };
      candidates.push({ kind: 'sentences', build, mask, peak, pos: at, pointers: pointers + (announces ? 2 : 0), single: picked.length === 1 });
    }
  }

  // Lists: the sentence that introduces them, then whole items, numbered as in the source: from the first
  // item, or from a later one when the items that answer would not fit otherwise.
  for (const l of lists) {
    const known = listKnown(l.list);
    // A list of links ("see also", product lists) is navigation, not an answer; steps that are links
    // ("1. [Enable X](...)") are steps.
    const introText = l.intro?.s.md ?? '';
    const steps = (l.list.ordered || /\bsteps?\b/i.test(introText)) && !NAVIGATION.test(introText);
    if (known.prose * 2 < l.list.items.length && !(steps && l.intro)) continue;
    const render = (from: number, compact: boolean) => {
      const key = `${max}|${from}|${compact ? 1 : 0}|${introText}`;
      let r = known.renders.get(key);
      if (r === undefined) {
        r = renderList(l.list, l.intro?.s, max, from, compact) ?? null;
        if (known.renders.size < MAX_RENDERS_KEPT) known.renders.set(key, r);
      }
      return r ?? undefined;
    };
    let covered = -1;
    for (let from = 0; from < Math.min(l.list.items.length, MAX_LIST_STARTS); from++) {
      if (from <= covered || (from && !l.itemMasks[from])) continue;
      const rendered = render(from, false);
      if (!rendered) continue;
      covered = from + rendered.items - 1;
      let mask = l.context | (rendered.introduced ? l.intro!.mask : 0);
      let peak = rendered.introduced ? value(l.intro!.mask) : 0;
      for (let k = from; k <= covered; k++) {
        mask |= l.itemMasks[k]!;
        peak = Math.max(peak, value(l.itemMasks[k]!));
      }
      candidates.push({
        kind: 'steps',
        build: () => rendered.text,
        mask,
        peak,
        pos: l.pos + from,
        introduced: rendered.introduced,
        from,
        shown: rendered.items,
      });
      // Items too long to show two whole: each by its first sentence, so that the steps can be seen.
      if (rendered.items < 2 && l.list.items.length - from >= 2) {
        const compact = render(from, true);
        if (compact && compact.items >= 2) {
          let cmask = l.context | (compact.introduced ? l.intro!.mask : 0);
          let cpeak = compact.introduced ? value(l.intro!.mask) : 0;
          for (const first of (compact.firstsPlain ??= compact.firsts.map(plainText))) {
            const m = maskOf(first);
            cmask |= m;
            cpeak = Math.max(cpeak, value(m));
          }
          candidates.push({
            kind: 'steps',
            build: () => compact.text,
            mask: cmask,
            peak: cpeak,
            pos: l.pos + from,
            introduced: compact.introduced,
            from,
            shown: compact.items,
          });
        }
      }
    }
  }

  if (!candidates.length) return undefined;
  const procedural = PROCEDURAL.test(question);
  const definitional = !procedural && DEFINITIONAL.test(question);
  // Question words found, rarer ones weighing more (a word weighs 1 to 4), then small preferences: a list
  // for a question asking how, prose for one asking what; a list with the sentence that introduces it and
  // from its first item; passages of more than one sentence; nothing about a picture the card cannot show.
  const score = (c: Candidate) => {
    let s = value(c.mask) + 0.25 * c.peak - 0.5 * (c.pointers ?? 0);
    if (c.kind === 'steps') {
      if (procedural) s += 1;
      else if (definitional) s -= 0.5;
      if (!c.introduced) s -= 0.3;
      if (c.from) s -= 0.3;
      // More of the steps seen is better, other things equal.
      if (c.mask) s += 0.05 * Math.min(c.shown ?? 0, 6);
    } else if (c.single) s -= 0.2;
    return s;
  };
  // Best first; on a tie, the passage nearer the start of the section. The first that reads as an answer wins.
  const ranked = candidates.map((c) => ({ c, s: score(c) })).sort((a, b) => (Math.abs(a.s - b.s) > 1e-9 ? b.s - a.s : a.c.pos - b.c.pos));
  for (const { c } of ranked) {
    const text = c.build();
    if (text.length > max || plainText(text).trim().length < MIN_TEXT || !balanced(text)) continue;
    return { text, kind: c.kind, chars: text.length };
  }
  return undefined;
}

/**
 * The list as TextBlock markdown: the intro, a blank line, then items ("1." numbered from the source's
 * first number, "-" for bullets; sub-lists indented under their item). Whole items only, as many as fit;
 * the first item alone is shortened if it must be.
 */
/** A list rendered for a card, and (filled in when first needed) its items' first sentences as plain text. */
type Rendered = { text: string; items: number; introduced: boolean; firsts: string[]; firstsPlain?: string[] };

/**
 * What a list offers whatever is asked: how many of its items are more than a link, and its renderings (by
 * length limit, first item, compactness and the sentence that introduces it), made when first needed. Kept
 * with the list, which is kept with its section (see blocksOf).
 */
type ListKnown = { prose: number; renders: Map<string, Rendered | null> };
const listsKnown = new WeakMap<List, ListKnown>();
/** Renderings kept per list: enough for every start a question picks, bounded whatever is asked. */
const MAX_RENDERS_KEPT = 64;
function listKnown(list: List): ListKnown {
  let known = listsKnown.get(list);
  if (!known) listsKnown.set(list, (known = { prose: list.items.filter((it) => it.text && !linkOnly(it.text.md)).length, renders: new Map() }));
  return known;
}

function renderList(list: List, intro: Sentence | undefined, max: number, from: number, compact: boolean): Rendered | undefined {
  let head = intro ? `${intro.md}\n\n` : '';
  if (head.length > max / 2) head = '';
  let text = head;
  let items = 0;
  const firsts: string[] = [];
  for (let k = from; k < list.items.length; k++) {
    const item = list.items[k]!;
    if (!item.text) continue;
    const prefix = list.ordered ? `${list.start + k}. ` : '- ';
    const sep = items ? '\n' : '';
    const line = renderItem(item, prefix, '', max - text.length - sep.length, compact);
    if (line !== undefined) {
      text += sep + line;
      firsts.push(compact ? firstSentence(item.text) : item.text.md);
      items++;
      continue;
    }
    if (items) break;
    // Not even the first item fits: it is shortened (whole sentences, or cut at a word).
    text += prefix + fit(item.text, max - text.length - prefix.length);
    firsts.push(item.text.md);
    items++;
    break;
  }
  if (!items) return undefined;
  return { text, items, introduced: head !== '', firsts };
}

function firstSentence(p: Inline): string {
  return sentences(p)[0]?.md ?? p.md;
}

/**
 * One item in at most `budget` characters: its text (or, compact, its first sentence), then as many of its
 * sub-items as fit, indented under it. Undefined when the text does not fit, or when it ends with ":" and
 * none of what it announces fits.
 */
function renderItem(item: ListItem, prefix: string, indent: string, budget: number, compact: boolean): string | undefined {
  if (!item.text) return undefined;
  const own = compact ? firstSentence(item.text) : item.text.md;
  let out = `${indent}${prefix}${own}`;
  if (out.length > budget) return undefined;
  const childIndent = indent + ' '.repeat(prefix.length);
  let added = 0;
  outer: for (const list of item.children) {
    for (let k = 0; k < list.items.length; k++) {
      const sub = list.items[k]!;
      if (!sub.text) continue;
      const p = list.ordered ? `${list.start + k}. ` : '- ';
      const line = renderItem(sub, p, childIndent, budget - out.length - 1, compact);
      if (line === undefined) break outer;
      out += `\n${line}`;
      added++;
    }
  }
  if (!added && item.children.length && /:\**$/.test(own)) return undefined;
  return out;
}

/**
 * Whether markdown has every pair closed: `**`, `*`, `_` at word edges, brackets and parentheses
 * (escaped characters aside). The last guard before an excerpt leaves.
 */
function balanced(md: string): boolean {
  let bold = 0;
  let star = 0;
  let under = 0;
  let square = 0;
  let round = 0;
  for (let k = 0; k < md.length; k++) {
    const c = md[k]!;
    if (c === '\\') {
      k++;
      continue;
    }
    if ((c === 'h' || c === 'H') && /^https?:\/\//i.test(md.slice(k, k + 8))) {
      while (k + 1 < md.length && !/[\s)\]]/.test(md[k + 1]!)) k++;
      continue;
    }
    if (c === ']' && md[k + 1] === '(') {
      const end = md.indexOf(')', k);
      if (--square < 0 || end < 0) return false;
      k = end;
      continue;
    }
    if (c === '*') {
      if (md[k + 1] === '*') {
        bold ^= 1;
        k++;
      } else star ^= 1;
    } else if (c === '_') {
      const before = md[k - 1];
      const after = md[k + 1];
      if (!(before && WORD_CHAR.test(before) && after && WORD_CHAR.test(after))) under ^= 1;
    } else if (c === '[') square++;
    else if (c === ']') {
      if (--square < 0) return false;
    } else if (c === '(') round++;
    else if (c === ')') {
      if (--round < 0) return false;
    }
  }
  return !bold && !star && !under && !square && !round;
}
