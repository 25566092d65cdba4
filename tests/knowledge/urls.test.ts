import { describe, expect, it } from 'vitest';
import { buildRedirects, docsPathToUrl, freshness, pagePath } from '../../src/knowledge/urls.js';

describe('the Learn URL rule', () => {
  it('publishes a docs path under /security/zero-trust/ without .md', () => {
    expect(docsPathToUrl('deploy/identity.md')).toBe('https://learn.microsoft.com/security/zero-trust/deploy/identity');
    expect(docsPathToUrl('index')).toBe('https://learn.microsoft.com/security/zero-trust/');
  });

  it('reduces any form of a Learn link to one page path', () => {
    const forms = [
      'https://learn.microsoft.com/en-us/security/zero-trust/deploy/identity',
      'https://learn.microsoft.com/security/zero-trust/deploy/identity#conclusion',
      'https://learn.microsoft.com/security/zero-trust//deploy/identity/?view=x',
      '/security/zero-trust/deploy/identity',
    ];
    for (const f of forms) expect(pagePath(f)).toBe('/security/zero-trust/deploy/identity');
    expect(pagePath('https://example.com/security/zero-trust/deploy/identity')).toBeUndefined();
  });
});

describe('redirects', () => {
  const redirects = buildRedirects([
    { source_path: 'security-docs/zero-trust/data-compliance-governance-overview.md', redirect_url: '/security/zero-trust/data-compliance-gov-data' },
    { source_path: 'security-docs/zero-trust/data-compliance-gov-data.md', redirect_url: '/security/zero-trust/deploy/data' },
    { source_path: 'security-docs/zero-trust/isv/identity-isv-getting-started.md', redirect_url: '../integrate/identity' },
    { source_path: 'security-docs/zero-trust/old-progress.md', redirect_url: 'security/zero-trust/assessment/get-started' },
    {
      source_path: 'security-docs/zero-trust/siem-workspace.md',
      redirect_url: '/unified-secops-platform/overview-deploy?toc=/security/zero-trust/toc.json&bc=/x#architect',
    },
  ]);

  it('follows chains to the page that is live now', () => {
    expect(redirects['/security/zero-trust/data-compliance-governance-overview']).toBe('https://learn.microsoft.com/security/zero-trust/deploy/data');
  });

  it('resolves relative targets and targets missing their leading slash', () => {
    expect(redirects['/security/zero-trust/isv/identity-isv-getting-started']).toBe('https://learn.microsoft.com/security/zero-trust/integrate/identity');
    expect(redirects['/security/zero-trust/old-progress']).toBe('https://learn.microsoft.com/security/zero-trust/assessment/get-started');
  });

  it("drops Learn's navigation query strings but keeps the fragment", () => {
    expect(redirects['/security/zero-trust/siem-workspace']).toBe('https://learn.microsoft.com/unified-secops-platform/overview-deploy#architect');
  });

  it('sends a retired link to its live page and keeps the original', () => {
    const f = freshness('https://learn.microsoft.com/security/zero-trust/data-compliance-gov-data#know-your-data', redirects);
    expect(f).toEqual({
      url: 'https://learn.microsoft.com/security/zero-trust/deploy/data',
      originalUrl: 'https://learn.microsoft.com/security/zero-trust/data-compliance-gov-data#know-your-data',
      retired: true,
    });
    expect(freshness('https://learn.microsoft.com/security/zero-trust/deploy/data', redirects).retired).toBe(false);
  });
});
