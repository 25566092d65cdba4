// Exports and cards show what people typed (display names) and catalog text: none of it may run as a
// spreadsheet formula, or render as a link, an image, HTML or formatting in Teams.
import { describe, expect, it } from 'vitest';
import { checklistCard, progressCard } from '../../src/cards/checklist.js';
import { type Progress, csvCell, emptyProgress, exportCsv, exportMarkdown, markdownText, setStatus } from '../../src/checklist/progress.js';
import type { Catalog } from '../../src/knowledge/content-loader.js';
import { catalog } from './history-helpers.js';

const HOSTILE = [
  '[Click me](https://evil.example)',
  '![x](https://evil.example/a.png)',
  '<b>html</b>',
  '<img src=x onerror=alert(1)>',
  '**bold**',
  '__bold__ _italic_ ~~struck~~',
  '`code` ```fence```',
  '# Heading',
  '> quote',
  '- item',
  '+ item',
  '1. item',
  '| a | b |',
  'https://evil.example',
  'www.evil.example and mallory@evil.example',
  '&lt;b&gt; &#91;entity&#93;',
  '\\[already escaped\\]',
  '[ref]: https://evil.example',
  'line\n# break',
];
const FORMULAS = ['=HYPERLINK("https://evil.example","x")', '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '\n=1+1'];

/** Markdown's active characters; escaped, CommonMark shows each as itself. */
const ACTIVE = /[\\`*_~[\]()<>{}#|!&:.]/;
/** The text with every backslash-escaped ASCII punctuation character taken out. */
const withoutEscapes = (s: string) => s.replace(/\\[!-/:-@[-`{-~]/g, '');
/** What CommonMark shows for text that only uses backslash escapes. */
const shown = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

const ransomware = catalog.checklists.find((l) => l.id === 'ransomware-recovery-readiness')!;
const firstItem = ransomware.areas[0]!.items[0]!;

/** The real catalog with the first ransomware item's text and owner replaced. */
function catalogWithItem(text: string, role: string): Catalog {
  const checklists = catalog.checklists.map((l) =>
    l !== ransomware ? l : { ...l, areas: l.areas.map((a, ai) => (ai ? a : { ...a, items: a.items.map((i, ii) => (ii ? i : { ...i, text, role })) })) },
  );
  return { ...catalog, checklists };
}

const clickBy = (name: string, c = catalog, p: Progress = emptyProgress()) =>
  setStatus(p, c, { checklist: ransomware.id, item: firstItem.id, to: 'done', by: '29:mallory', byName: name, at: '2026-11-01T09:00:00Z' });

/** RFC 4180, as a spreadsheet that splits on `sep` and honours quotes reads it. */
function readCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (text[i] === '"') break;
        else cell += text[i];
      }
      i++;
    }
    // Unquoted, or whatever follows a closing quote: taken as it is (a lenient reader, like Excel).
    while (i < text.length && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n') cell += text[i++];
    row.push(cell);
    if (text[i] === sep) i++;
    else {
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      i++;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('CSV export', () => {
  it('neutralises every cell that could start a formula, and quotes cells with separators or line breaks', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-1')).toBe(`"'-1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    // (and the "=" after the line break too: a reader that ends a row there would start a field with it)
    expect(csvCell('\r=1')).toBe(`"'\r'=1"`);
    expect(csvCell('\n=1')).toBe(`"'\n'=1"`);
    expect(csvCell('=HYPERLINK("evil")')).toBe(`"'=HYPERLINK(""evil"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvCell('2026-11-01T09:00:00Z')).toBe('2026-11-01T09:00:00Z');
    // Where a reader splitting on ';' or on line breaks starts a field of its own, it is neutralised too.
    expect(csvCell('x;=1+1;y')).toBe(`"x;'=1+1;y"`);
    expect(csvCell('x\n@SUM(A1)')).toBe(`"x\n'@SUM(A1)"`);
  });

  it('hostile names and item texts come back as the same text, and never as a formula, with "," or ";" as separator', () => {
    for (const hostile of [...FORMULAS, 'Ann;=1+1;x', 'Ann, "the boss"', 'two\r\nlines\n-1', 'x;"=1+1"']) {
      const c = catalogWithItem(hostile, hostile);
      const csv = exportCsv(clickBy(hostile, c), c);
      const rows = readCsv(csv, ',');
      const header = rows[0]!;
      const row = rows.find((r) => r[header.indexOf('number')] === String(firstItem.number) && r[header.indexOf('changed by')] !== '')!;
      const expected = (s: string) => (/^[=+\-@\t\r\n]/.test(s) ? `'${s}` : s).replace(/([;\r\n])(?=[=+\-@\t"])/g, "$1'");
      expect(row[header.indexOf('item')], JSON.stringify(hostile)).toBe(expected(hostile));
      expect(row[header.indexOf('role')]).toBe(expected(hostile));
      expect(row[header.indexOf('changed by')]).toBe(expected(hostile));
      expect(rows.every((r) => r.length === header.length)).toBe(true);
      for (const sep of [',', ';']) {
        for (const cell of readCsv(csv, sep).flat()) expect(cell, `${JSON.stringify(hostile)} split on "${sep}"`).not.toMatch(/^[=+\-@\t\r\n]/);
      }
    }
  });
});

describe('Markdown export', () => {
  it('escapes hostile display names so they show as typed: no link, image, HTML or formatting', () => {
    for (const name of HOSTILE) {
      const md = exportMarkdown(clickBy(name), catalog);
      const line = md.split('\n').find((l) => l.includes('set “'))!;
      const escaped = markdownText(name);
      expect(line, name).toContain(`: ${escaped} set “`);
      // Everything markdown could act on is escaped, and CommonMark shows the name as typed (on one line).
      expect(withoutEscapes(escaped), name).not.toMatch(ACTIVE);
      expect(shown(escaped)).toBe(name.replace(/\s+/g, ' '));
      expect(md).not.toContain('](');
      expect(md).not.toMatch(/(?<!\\)<[a-z]/i);
      expect(md).not.toMatch(/(?<!\\)\*\*bold/);
      expect(md).not.toMatch(/(?<!\\)`/);
      expect(md).not.toMatch(/https?:\/\//);
    }
  });

  it('escapes item texts and owners from the catalog the same way, table cells included', () => {
    for (const text of ['[Click me](https://evil.example) | <b>x</b> **y**', '# Heading', '- item']) {
      const c = catalogWithItem(text, text);
      const md = exportMarkdown(clickBy('Ada', c), c);
      const row = md.split('\n').find((l) => l.startsWith('| ') && l.includes(markdownText(text)))!;
      expect(row).toBe(`| 1 | ${markdownText(ransomware.areas[0]!.name)} | ${markdownText(text)} | ${markdownText(text)} | Done |  |  |  |`);
      // One table row of eight cells: an escaped '|' does not end a cell.
      expect(withoutEscapes(row).split('|')).toHaveLength(10);
      expect(md).toContain(`set “${markdownText(text)}”`);
    }
  });

  it('a leading "#", ">", "-", "+" or "1." is text, not a heading, quote or list', () => {
    expect(markdownText('# Heading')).toBe('\\# Heading');
    expect(markdownText('> quote')).toBe('\\> quote');
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('+ item')).toBe('\\+ item');
    expect(markdownText('1. item')).toBe('1\\. item');
    expect(markdownText('Jean-Luc')).toBe('Jean-Luc'); // inside a name a hyphen is only a hyphen
    expect(markdownText('  spaced\n\tout\u0000 ')).toBe('spaced out');
  });
});

describe('checklist cards', () => {
  it('show hostile display names as text in the item detail and the latest changes', () => {
    for (const name of HOSTILE) {
      const p = clickBy(name);
      const escaped = markdownText(name);
      const texts = [...cardTexts(checklistCard(ransomware, p, catalog)), ...cardTexts(progressCard(p, catalog))];
      expect(
        texts.some((t) => t.includes(`Done (${escaped}, 1 November 2026)`)),
        name,
      ).toBe(true);
      // In the progress card the name opens the TextBlock, where "#", ">" or "-" would start a block.
      expect(
        texts.some((t) => t.startsWith(`${escaped} set “`)),
        name,
      ).toBe(true);
      for (const t of texts.filter((t) => t.includes(escaped))) {
        expect(t).not.toContain('](https://evil');
        expect(t).not.toMatch(/(?<!\\)<[a-z]/i);
      }
    }
  });
});

/** Every TextBlock text in a card. */
function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
