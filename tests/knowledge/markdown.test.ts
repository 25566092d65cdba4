import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocs, readDocArticle } from '../../src/knowledge/docs.js';
import { anchorSlug, cleanText, parseMarkdown, splitFrontMatter } from '../../src/knowledge/markdown.js';

const PINNED = resolve(__dirname, '../../../shared/corpus/zero-trust');
const HEAD = resolve(__dirname, '../../../shared/corpus/zero-trust-head');

describe('Learn anchors', () => {
  it('follow the docs slug rule: lowercase, punctuation dropped, spaces to hyphens', () => {
    expect(anchorSlug('I. Network segmentation: Many ingress/egress cloud micro-perimeters with some micro-segmentation')).toBe(
      'i-network-segmentation-many-ingressegress-cloud-micro-perimeters-with-some-micro-segmentation',
    );
    expect(anchorSlug('Step 1. Configure **[Conditional Access](/entra/x.md)**')).toBe('step-1-configure-conditional-access');
  });

  it('number repeated headings on one page as Learn does', () => {
    const { sections } = parseMarkdown('# T\n\n## Next steps\n\nA\n\n## Next steps\n\nB\n');
    expect(sections.map((s) => s.anchor)).toEqual(['next-steps', 'next-steps-1']);
  });
});

describe('front matter', () => {
  it('reads CRLF files and tabs in indentation', () => {
    const src =
      '---\r\ntitle: Add SaaS apps\r\nms.collection:\r\n   -\tm365solution-saas\r\n   -\tzerotrust-solution\r\nms.date: 04/18/2024\r\n---\r\n# Add SaaS apps\r\n\r\n## Adding apps\r\nText.\r\n';
    const a = readDocArticle('add-saas-apps', src);
    expect(a.title).toBe('Add SaaS apps');
    expect(a.tags).toEqual(['m365solution-saas', 'zerotrust-solution']);
    expect(a.date).toBe('2024-04-18');
    expect(a.sections[0]!.heading).toBe('Adding apps');
    expect(a.sections[0]!.text).toBe('Text.');
  });

  it('falls back to simple key: value lines when the YAML is broken', () => {
    const { frontMatter } = splitFrontMatter('---\ntitle: Broken: "quote\nms.topic: conceptual\nms.collection:\n  - a\n  - b\n---\nbody');
    expect(frontMatter['ms.topic']).toBe('conceptual');
    expect(frontMatter['ms.collection']).toEqual(['a', 'b']);
  });
});

describe('cleaning', () => {
  it('removes comments, docfx images, includes, note markers and HTML', () => {
    const text = cleanText(
      [
        '<!--- writers notes: do not index --->',
        ':::image type="content" source="media/x.svg" alt-text="An architecture" lightbox="media/x.svg":::',
        '[!INCLUDE [navbar](../includes/navbar-bottom.md)]',
        '> [!NOTE]',
        '> Backups must be <b>immutable</b>.',
        '| Done | Objective | Owner |',
        '|:---|:---|:---|:---|',
        '| <input type="checkbox" /> | 1. Protect [documents](/x) | IT architect |',
      ].join('\n'),
    );
    expect(text).toBe('Backups must be immutable . Done Objective Owner 1. Protect documents IT architect');
  });

  it('ignores headings inside code blocks', () => {
    const { sections } = parseMarkdown('# T\n\n## Real\n\n```powershell\n# not a heading\n```\n');
    expect(sections.map((s) => s.heading)).toEqual(['Real']);
  });
});

describe('ingesting the Microsoft docs', () => {
  it('reads every published article of the pinned docs, with sections and Learn URLs', () => {
    const { articles, warnings } = loadDocs(PINNED);
    expect(warnings).toEqual([]);
    expect(articles.length).toBe(118); // 120 .md less 3 includes, plus the index.yml landing page
    const identity = articles.find((a) => a.path === 'deploy/identity')!;
    expect(identity.url).toBe('https://learn.microsoft.com/security/zero-trust/deploy/identity');
    expect(identity.sections.some((s) => s.anchor === 'ii-conditional-access-policies-gate-access-and-provide-remediation-activities')).toBe(true);
    const landing = articles.find((a) => a.path === 'index')!;
    expect(landing.url).toBe('https://learn.microsoft.com/security/zero-trust/');
    expect(articles.some((a) => a.path.startsWith('includes/'))).toBe(false);
    const sections = articles.reduce((n, a) => n + a.sections.length, 0);
    expect(sections).toBeGreaterThan(1000);
    for (const a of articles) for (const s of a.sections) expect(s.text).not.toMatch(/<!--|:::image|\[!INCLUDE|\[!NOTE\]/i);
  });

  it('keeps every objective of the malformed ransomware checklist table', () => {
    const { articles } = loadDocs(PINNED);
    const ransomware = articles.find((a) => a.path === 'data-compliance-gov-ransomware-recovery-readiness')!;
    const backups = ransomware.sections.find((s) => s.anchor === 'deployment-objectives')!;
    for (const n of ['1.', '2.', '3.', '4.', '5.']) expect(backups.text).toContain(`${n} `);
    expect(backups.text).toContain('OneDrive backup');
  });

  it("reads today's docs too, which have no RaMP set", () => {
    const { articles, warnings } = loadDocs(HEAD);
    expect(warnings).toEqual([]);
    expect(articles.length).toBeGreaterThan(150);
    expect(articles.some((a) => a.path === 'zero-trust-ramp-overview')).toBe(false);
    expect(articles.some((a) => a.path === 'assessment/index')).toBe(true);
  });

  it('skips a file it cannot read with a warning naming it, and goes on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-docs-'));
    writeFileSync(join(dir, 'good.md'), '---\ntitle: Good page\n---\n# Good page\n\n## Part\nWords.\n');
    symlinkSync(join(dir, 'gone.md'), join(dir, 'dangling.md'));
    mkdirSync(join(dir, 'folder.md'));
    writeFileSync(join(dir, 'untitled.md'), 'no front matter and no heading');
    const { articles, warnings } = loadDocs(dir);
    expect(articles.map((a) => a.path)).toEqual(['good']);
    expect(warnings.join('\n')).toMatch(/dangling\.md: ENOENT/);
    expect(warnings.join('\n')).toMatch(/untitled\.md: has no title/);
  });
});
