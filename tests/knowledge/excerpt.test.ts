// Excerpts are checked on the real docs, read at run time from the corpus folder (never copied here), and
// on small made-up sections, one per tricky rule.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DocArticle, loadDocs, readDocArticle } from '../../src/knowledge/docs.js';
import { excerpt, plainText } from '../../src/knowledge/excerpt.js';
import { inlineText, parseMarkdown } from '../../src/knowledge/markdown.js';
import { words } from '../../src/knowledge/text.js';

const HEAD = resolve(__dirname, '../../../shared/corpus/zero-trust-head');
const LEARN_ZT = 'https://learn.microsoft.com/security/zero-trust/';

let docs: DocArticle[] | undefined;
const articles = () => (docs ??= loadDocs(HEAD).articles);
const article = (path: string) => {
  const a = articles().find((x) => x.path === path);
  if (!a) throw new Error(`no article ${path} in the corpus`);
  return a;
};
const sectionsOf = () => articles().flatMap((a) => a.sections.map((s) => ({ a, s })));

/** The text the reader sees, lowercased, without punctuation or markup: to compare passages with the docs. */
const flat = (s: string) =>
  s
    .replace(/‹[^›]*›|<[^>]*>/g, ' ')
    .replace(/[_*`]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Everything an excerpt must never be, as a list of what is wrong (empty when nothing is). */
function problems(text: string, max = 600): string[] {
  const out: string[] = [];
  if (text.length > max) out.push(`over ${max} characters`);
  const unescaped = text.replace(/\\./g, '');
  if ((unescaped.match(/\*\*/g) ?? []).length % 2) out.push('odd count of **');
  if ((unescaped.replace(/\*\*/g, '').match(/\*/g) ?? []).length % 2) out.push('odd count of *');
  let square = 0;
  let round = 0;
  for (const c of unescaped) {
    if (c === '[') square++;
    else if (c === ']' && --square < 0) out.push('] before [');
    else if (c === '(') round++;
    else if (c === ')' && --round < 0) out.push(') before (');
  }
  if (square) out.push('unclosed [');
  if (round) out.push('unclosed (');
  if (text.includes(':::')) out.push('docfx marker');
  if (/<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i.test(text)) out.push('HTML tag');
  if (/\|\s*:?-{2,}/.test(text)) out.push('table rule');
  if (/^\s*\|.*\|\s*$/m.test(text)) out.push('table row');
  if (/\[!|!\[/.test(text)) out.push('include, alert or image');
  if (/```|~~~/.test(text)) out.push('code fence');
  if (/^\s*#/m.test(text)) out.push('heading');
  if (/^\s*>/m.test(text)) out.push('quote');
  for (const m of text.matchAll(/\]\(([^)]*)\)/g)) {
    const url = m[1]!;
    if (!/^(https?:\/\/|mailto:)/.test(url)) out.push(`relative link ${url}`);
    if (/^https:\/\/learn\.microsoft\.com\/[^?#]*\.md(?:[?#]|$)/.test(url)) out.push(`.md in ${url}`);
    if (/\s/.test(url)) out.push(`space in ${url}`);
  }
  return out;
}

/** The sentences of a sentences-excerpt, cut where a sentence ends and a capital letter (or link) follows. */
const sentenceCount = (text: string) =>
  plainText(text)
    .split(/(?<=[.!?])\s+(?=[A-Z[*"“])/)
    .filter((s) => s.trim()).length;

describe('sections keep their markdown', () => {
  it("holds the section's own source lines: lists, tables, H4-H6 headings; no comments, no heading line", () => {
    const networks = article('deploy/networks');
    const withSubheadings = networks.sections.find((s) => s.subheadings.length > 0)!;
    expect(withSubheadings.markdown).toMatch(/^#{4,6} /m);
    expect(withSubheadings.markdown).toMatch(/^\s*(\d+\.|-)\s/m);
    for (const s of networks.sections) {
      expect(s.markdown).not.toMatch(/<!--/);
      expect(s.markdown).not.toMatch(/^#{1,3}\s/m);
      expect(s.markdown).not.toMatch(/^[ \t]*\n|\n[ \t]*$/);
    }
    const withTable = articles()
      .flatMap((a) => a.sections)
      .find((s) => /^\s*\|.*\|\s*$/m.test(s.markdown));
    expect(withTable).toBeDefined();
  });

  it('keeps `text`, anchors and subheadings as before', () => {
    const src = '---\ntitle: T\n---\n# T\n\nTop words.\n\n## Part one\n\nSome **bold** text.\n\n#### Deeper\n\n- item\n\n<!-- note -->\n## Part one\nMore.\n';
    const { sections } = parseMarkdown(src);
    expect(sections.map((s) => [s.heading, s.anchor, s.subheadings, s.text])).toEqual([
      ['T', '', [], 'Top words.'],
      ['Part one', 'part-one', ['Deeper'], 'Some bold text. Deeper item'],
      ['Part one', 'part-one-1', [], 'More.'],
    ]);
    expect(sections.map((s) => s.markdown)).toEqual(['Top words.', 'Some **bold** text.\n\n#### Deeper\n\n- item', 'More.']);
  });

  it('reads CRLF files into LF markdown', () => {
    const { sections } = parseMarkdown('# T\r\n\r\n## A\r\n1. One\r\n1. Two\r\n');
    expect(sections[0]!.markdown).toBe('1. One\n1. Two');
  });

  it("keeps the docs once: all sections' markdown together is no bigger than the files", () => {
    const total = sectionsOf().reduce((n, { s }) => n + s.markdown.length, 0);
    expect(total).toBeGreaterThan(1_000_000);
    expect(total).toBeLessThan(2_900_000);
  });

  it('gives the landing page its summary as markdown', () => {
    const landing = article('index');
    expect(landing.sections).toHaveLength(1);
    expect(landing.sections[0]!.markdown).toBe(landing.description);
  });
});

describe('excerpts of the real docs', () => {
  it('answer a "how do I" question on a how-to section with its numbered steps', () => {
    // deploy/identity: H4 subheadings, each followed by "Follow these steps:" and a numbered list.
    const a = article('deploy/identity');
    let checked = 0;
    for (const s of a.sections) {
      const lines = s.markdown.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const sub = /^#{4,6}\s+(.*)$/.exec(lines[i]!);
        if (!sub) continue;
        // The subheading's block: up to the next subheading. Only those with an ordered list after a lead-in.
        let end = i + 1;
        while (end < lines.length && !/^#{4,6}\s/.test(lines[end]!)) end++;
        const block = lines.slice(i + 1, end).join('\n');
        if (!/:\s*\n\s*\n?1\.\s/.test(block)) continue;
        const e = excerpt(s, `how do I ${inlineText(sub[1]!).toLowerCase()}`, { pageUrl: a.url })!;
        expect(e.kind).toBe('steps');
        const [intro, list] = e.text.split('\n\n');
        expect(intro).toMatch(/:\**$/);
        const numbers = list!
          .split('\n')
          .filter((l) => /^\d+\. /.test(l))
          .map((l) => Number.parseInt(l, 10));
        expect(numbers.length).toBeGreaterThanOrEqual(1);
        // Numbered as on the page (the source writes "1." for every step): 1, 2, 3 ...
        expect(numbers).toEqual(numbers.map((_, k) => numbers[0]! + k));
        expect(problems(e.text)).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('show the step a question asks for, numbered as in the source, even when it is not among the first', () => {
    let checked = 0;
    for (const { a, s } of sectionsOf().filter(({ a }) => a.path.startsWith('deploy/'))) {
      // Numbered lists written "1." for every step; the steps that start with a link are asked for by it.
      for (const list of s.markdown.matchAll(/(?:^1\. .*\n?)+/gm)) {
        const items = list[0].trim().split('\n');
        items.forEach((item, k) => {
          const link = /^1\. \[([^\]]+)\]\(/.exec(item);
          if (!link || k === 0) return;
          const e = excerpt(s, `how do I ${link[1]!.toLowerCase()}`, { pageUrl: a.url })!;
          expect(e.kind).toBe('steps');
          expect(e.text.split('\n')).toContainEqual(expect.stringMatching(new RegExp(`^${k + 1}\\. \\[${link[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]`)));
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('answer a conceptual question with two to four whole sentences of the section that hold its key words', () => {
    const checks: [string, string, string[]][] = [
      ['zero-trust-overview', 'what is zero trust', ['zero', 'trust']],
      ['deploy/identity', 'what are conditional access policies', ['condit', 'access']],
      ['deploy/networks', 'why segment the network', ['segment', 'network']],
    ];
    for (const [path, question, keys] of checks) {
      const a = article(path);
      const s = a.sections.find((x) => keys.every((k) => words(x.text).includes(k)) && x.text.length > 600)!;
      const e = excerpt(s, question, { pageUrl: a.url })!;
      expect(e.kind, `${path}#${s.anchor}`).toBe('sentences');
      expect(sentenceCount(e.text)).toBeGreaterThanOrEqual(2);
      expect(sentenceCount(e.text)).toBeLessThanOrEqual(4);
      expect(plainText(e.text)).toMatch(/^[\p{Lu}\d["“*]/u);
      expect(plainText(e.text)).toMatch(/[.!?]["”)]*$/);
      for (const k of keys) expect(words(plainText(e.text))).toContain(k);
      // Whole sentences of this very section, nothing added: each paragraph of the excerpt is in its text.
      for (const para of e.text.split('\n\n')) expect(flat(s.text)).toContain(flat(plainText(para)));
    }
  });

  it("quote the docs as written: every sentences-excerpt of every section is made of the section's own text", () => {
    for (const question of ['what is zero trust', 'how do I configure conditional access policies']) {
      for (const { a, s } of sectionsOf()) {
        const e = excerpt(s, question, { pageUrl: a.url });
        if (!e || e.kind !== 'sentences') continue;
        for (const para of e.text.replace(/…$/, '').split('\n\n')) {
          expect(flat(s.text), `${a.path}#${s.anchor}`).toContain(flat(plainText(para)));
        }
      }
    }
  });

  it('stay within 600 characters of balanced, card-safe markdown across all sections of all articles', () => {
    const questions = [
      'what is zero trust',
      'how do I configure conditional access policies',
      'protect against ransomware',
      'MFA',
      'steps to deploy Microsoft Intune for devices',
    ];
    let made = 0;
    let steps = 0;
    const bad: string[] = [];
    for (const question of questions) {
      for (const { a, s } of sectionsOf()) {
        const e = excerpt(s, question, { pageUrl: a.url });
        if (!e) continue;
        made++;
        if (e.kind === 'steps') steps++;
        expect(e.chars).toBe(e.text.length);
        const p = problems(e.text);
        if (p.length) bad.push(`${a.path}#${s.anchor} (${question}): ${p.join(', ')}\n${e.text}`);
      }
    }
    expect(bad).toEqual([]);
    expect(made).toBeGreaterThan(sectionsOf().length * questions.length * 0.7);
    expect(steps).toBeGreaterThan(100);
  });

  it('keep to a smaller limit too, cutting cleanly', () => {
    const bad: string[] = [];
    let cut = 0;
    for (const { a, s } of sectionsOf()) {
      const e = excerpt(s, 'how do I protect identities with conditional access', { pageUrl: a.url, maxChars: 160 });
      if (!e) continue;
      if (e.text.endsWith('…')) cut++;
      const p = problems(e.text, 160);
      if (p.length) bad.push(`${a.path}#${s.anchor}: ${p.join(', ')}\n${e.text}`);
    }
    expect(bad).toEqual([]);
    expect(cut).toBeGreaterThan(10);
  });

  it('never let tables, pictures, includes, notes or code through', () => {
    let checked = 0;
    for (const { a, s } of sectionsOf()) {
      const md = s.markdown;
      // Words that exist only inside a note, a fence, an image's alt text or a table of three columns or more
      // (a two-column table of short cells may be shown as "cell: cell" lines).
      const hidden: string[] = [];
      const cells = (row: string) =>
        row
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|').length;
      const hide = (text: string) =>
        text.replace(/^\s*>.*$|```[\s\S]*?```|:::image[\s\S]*?:::|^\s*\|.*$/gm, (m) => {
          if (/^\s*\|/.test(m) && cells(m) < 3) return m;
          hidden.push(...m.split('\n').filter((l) => !/^\s*\|?\s*:?-{3}/.test(l)));
          return ' ';
        });
      const visible = flat(inlineText(hide(md)));
      if (!hidden.length) continue;
      for (const h of hidden) {
        const probe = flat(inlineText(h.replace(/^\s*>\s*(\[![^\]]*\])?|\|/g, ' ').replace(/.*alt-text="([^"]*)".*/, '$1')))
          .split(' ')
          .slice(0, 8)
          .join(' ');
        if (probe.split(' ').length < 5 || visible.includes(probe)) continue;
        const e = excerpt(s, h, { pageUrl: a.url });
        if (!e) continue;
        expect(flat(plainText(e.text)), `${a.path}#${s.anchor}`).not.toContain(probe);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('make relative links absolute Learn links without .md', () => {
    let checked = 0;
    for (const { a, s } of sectionsOf()) {
      // A relative .md link in a paragraph line (not a table, not a list of links).
      for (const m of s.markdown.matchAll(/^[A-Z][^|\n]*?\[([^\]]{6,})\]\(((?:\.\.\/)?[a-z][\w/-]*\.md)(#[\w-]+)?\)/gm)) {
        const [, linkText, href, hash] = m;
        const e = excerpt(s, linkText!, { pageUrl: a.url });
        if (!e || !e.text.includes(`[${linkText}]`)) continue;
        const expected =
          new URL(href!, a.url)
            .toString()
            .replace(/\.md$/, '')
            .replace(/\/index$/, '/') + (hash ?? '');
        expect(expected.startsWith(LEARN_ZT)).toBe(true);
        expect(e.text).toContain(`[${linkText}](${expected})`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('give nothing for a section of only links or pictures', () => {
    const linkOrPicture = /^\s*(?:[-*]\s+)?(?:\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)|:::image.*:::|\[!INCLUDE.*\])\s*\.?\s*$/;
    const only = sectionsOf().filter(({ s }) => {
      const lines = s.markdown.split('\n').filter((l) => l.trim());
      return lines.length > 0 && lines.every((l) => linkOrPicture.test(l));
    });
    expect(only.length).toBeGreaterThan(0);
    for (const { a, s } of only) {
      for (const q of [s.heading, 'what is zero trust']) expect(excerpt(s, q, { pageUrl: a.url }), `${a.path}#${s.anchor}`).toBeUndefined();
    }
    // And sections that are nothing but a table of links, or empty.
    const tableOfLinks = '| Training | [Course](/training/x) |\n|---|---|\n| [Another](/training/y) | [More](/training/z) |';
    expect(excerpt({ heading: 'Training', markdown: tableOfLinks }, 'training')).toBeUndefined();
    expect(excerpt({ heading: 'Empty', markdown: '' }, 'anything')).toBeUndefined();
  });

  it('read a whole article as the bot reads it (readDocArticle) and excerpt each section', () => {
    const file = resolve(HEAD, 'deploy/endpoints.md');
    const a = readDocArticle('deploy/endpoints', readFileSync(file, 'utf8'));
    const results = a.sections.map((s) => excerpt(s, 'how do I register endpoints with a cloud identity provider', { pageUrl: a.url }));
    expect(results.filter(Boolean).length).toBeGreaterThan(a.sections.length / 2);
    for (const e of results) if (e) expect(problems(e.text)).toEqual([]);
  });
});

describe('excerpt rules, on made-up sections', () => {
  const ex = (markdown: string, question: string, options = {}) => excerpt({ heading: 'Section', markdown }, question, options);

  it('do not cut sentences at e.g., i.e., etc., vs., versions or URLs', () => {
    const md =
      'Use phishing-resistant methods, e.g. passkeys, for admins. Version 2.0 of the baseline, i.e. the current one, applies to every tenant. ' +
      'Read https://aka.ms/example.page for the details. Admins vs. guests get different policies, apps etc. included. A fifth sentence stays out.';
    const e = ex(md, 'phishing resistant admins baseline')!;
    expect(e.kind).toBe('sentences');
    expect(e.text).toBe(md.slice(0, md.indexOf(' A fifth')));
  });

  it('keep a list item whole when a line ends with an abbreviation such as "Microsoft Entra ID."', () => {
    const md =
      'To register devices, follow these steps:\n\n- Register each device in Microsoft Entra ID.\n  Then enroll it in Intune.\n- Require compliant devices.';
    const e = ex(md, 'how do I register devices')!;
    expect(e.kind).toBe('steps');
    expect(e.text).toBe(
      'To register devices, follow these steps:\n\n- Register each device in Microsoft Entra ID. Then enroll it in Intune.\n- Require compliant devices.',
    );
  });

  it('cut a single sentence that is too long at a word, outside links and bold, with "…"', () => {
    const md = `Zero Trust ${'means checking every request '.repeat(12)}with **strong checks** and [documented rules](https://learn.microsoft.com/x) ${'and more words '.repeat(20)}until it ends.`;
    const e = ex(md, 'zero trust request')!;
    expect(e.chars).toBeLessThanOrEqual(600);
    expect(e.text.endsWith('…')).toBe(true);
    expect(e.text).toMatch(/\w…$/);
    expect(problems(e.text)).toEqual([]);
    const short = ex(md, 'zero trust request', { maxChars: 200 })!;
    expect(short.chars).toBeLessThanOrEqual(200);
    expect(short.text).toMatch(/^Zero Trust means checking every request .*\w…$/);
  });

  it('drop whole sentences from the end, not parts of them', () => {
    const sentence = (n: number) => `Sentence ${n} explains one part of the model with enough words to take room on a card.`;
    const md = [1, 2, 3, 4, 5, 6, 7, 8].map(sentence).join(' ');
    const e = ex(md, 'model', { maxChars: 250 })!;
    expect(e.text).toBe([1, 2].map(sentence).join(' '));
  });

  it('render nested lists indented under their item, and numbered lists numbered 1, 2, 3', () => {
    const md = [
      'To protect traffic, follow these steps:',
      '',
      '1. Encrypt backend traffic.',
      '1. Encrypt traffic between sites:',
      '    1. Configure a site-to-site VPN.',
      '    1. Configure IPsec transport mode.',
      '1. Monitor the result.',
    ].join('\n');
    const e = ex(md, 'how do I protect traffic')!;
    expect(e.kind).toBe('steps');
    expect(e.text).toBe(
      [
        'To protect traffic, follow these steps:',
        '',
        '1. Encrypt backend traffic.',
        '2. Encrypt traffic between sites:',
        '   1. Configure a site-to-site VPN.',
        '   2. Configure IPsec transport mode.',
        '3. Monitor the result.',
      ].join('\n'),
    );
  });

  it('read CRLF line ends like LF', () => {
    const md = 'To protect devices, follow these steps:\r\n\r\n1. Enroll devices in **Intune**.\r\n2. Require compliant devices.\r\n';
    expect(ex(md, 'how do I protect devices')).toEqual(ex(md.replace(/\r\n/g, '\n'), 'how do I protect devices'));
    expect(ex(md, 'how do I protect devices')!.text).not.toMatch(/\r/);
  });

  it('keep links, making relative ones absolute; links that cannot be made absolute keep their text', () => {
    const md =
      'Set up [Conditional Access](/entra/identity/conditional-access/overview.md) and [device rules](../deploy/endpoints.md#step-2) for every app. ' +
      'Read [this](xref:Some.Type), [that][ref] and [same page](#scope), or <https://aka.ms/zt> and https://aka.ms/ztguide directly.';
    const withPage = ex(md, 'conditional access device rules', { pageUrl: `${LEARN_ZT}develop/identity` })!;
    expect(withPage.text).toContain('[Conditional Access](https://learn.microsoft.com/entra/identity/conditional-access/overview)');
    expect(withPage.text).toContain(`[device rules](${LEARN_ZT}deploy/endpoints#step-2)`);
    expect(withPage.text).toContain('Read this, that and [same page](https://learn.microsoft.com/security/zero-trust/develop/identity#scope)');
    expect(withPage.text).toContain('https://aka.ms/ztguide');
    expect(problems(withPage.text)).toEqual([]);
    const noPage = ex(md, 'conditional access device rules')!;
    expect(noPage.text).toContain('and device rules for every app');
    expect(noPage.text).toContain('Read this, that and same page');
    expect(problems(noPage.text)).toEqual([]);
  });

  it('leave out notes, code, pictures, includes, HTML and docfx markers', () => {
    const md = [
      '> [!NOTE]',
      '> A note about backups that is never shown.',
      '',
      ':::image type="content" source="media/x.svg" alt-text="A diagram of backups.":::',
      '',
      '[!INCLUDE [nav](../includes/nav.md)]',
      '',
      '```powershell',
      'Backup-Everything -Now',
      '```',
      '',
      '<table><tr><td>Backups in a table cell.</td></tr></table>',
      '',
      ':::row:::',
      '   :::column:::',
      'Backups must be immutable and kept offline. Test restores <b>every</b> quarter. ![icon](media/i.png)',
      '   :::column-end:::',
      ':::row-end:::',
    ].join('\n');
    const e = ex(md, 'backups note powershell diagram table')!;
    expect(e.text).toBe('Backups must be immutable and kept offline. Test restores every quarter.');
  });

  it('turn a two-column table of short cells into "cell: cell" lines, and skip other tables', () => {
    const table = 'Use these settings:\n\n| Setting | Value |\n|---|---|\n| Require BitLocker | Require |\n| Secure Boot | Require |';
    const text = 'Use these settings:\n\n- Require BitLocker: Require\n- Secure Boot: Require';
    expect(ex(table, 'bitlocker settings')).toEqual({ text, kind: 'steps', chars: text.length });
    const wide = 'Plain words come first here, and they explain the whole table below it.\n\n| A | B | C |\n|---|---|---|\n| x | y | z |';
    expect(ex(wide, 'table')!.text).toBe('Plain words come first here, and they explain the whole table below it.');
  });

  it('escape what would turn into markdown by accident, and never leave a span open', () => {
    const md = 'Block `*.contoso.com` and [Preview] features for 3 * 4 users (the pilot group. Then widen the rollout to all users.';
    const e = ex(md, 'block contoso preview pilot')!;
    expect(problems(e.text)).toEqual([]);
    expect(e.text).toContain('\\*.contoso.com');
    expect(e.text).toContain('\\[Preview\\]');
  });

  it('give nothing when there is too little text', () => {
    expect(ex('Short text.', 'short')).toBeUndefined();
    expect(ex('![picture](media/p.png)\n\n:::image type="icon" source="media/i.svg":::', 'picture')).toBeUndefined();
    expect(ex('- [One](one.md)\n- [Two](two.md)\n- [Three](https://learn.microsoft.com/three)', 'one two three')).toBeUndefined();
  });

  it('cap the work on very long sections', () => {
    const para = 'Zero Trust checks every request explicitly and keeps access to the minimum needed. ';
    const md = Array.from({ length: 3000 }, (_, i) => `${para}Paragraph ${i} ends here.`).join('\n\n');
    const t = performance.now();
    const e = ex(md, 'zero trust request');
    expect(performance.now() - t).toBeLessThan(500);
    expect(e!.chars).toBeLessThanOrEqual(600);
  });
});
