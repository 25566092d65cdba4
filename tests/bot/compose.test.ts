// The compose box over HTTP: search and link unfurling invokes, answered in the HTTP response.
import { describe, expect, it } from 'vitest';
import { teamsMessage } from '../../src/testkit/activities.js';
import { appWithConnector } from '../helpers/app.js';
import { cardLinks, cardText } from '../../src/testkit/fake-connector.js';

const served = appWithConnector();

function invoke(name: string, value: unknown, locale?: string) {
  const { text: _t, ...base } = teamsMessage({ serviceUrl: served.connector.url, scope: 'groupChat' }) as Record<string, unknown>;
  return served.app.post({ ...base, type: 'invoke', name, value, ...(locale ? { locale } : {}) });
}

async function search(parameters: { name: string; value: string }[], count = 25) {
  const res = await invoke('composeExtension/query', { commandId: 'searchGuidance', parameters, queryOptions: { skip: 0, count } });
  expect(res.status).toBe(200);
  return (await res.json()).composeExtension;
}

describe('searching from the compose box', () => {
  it('gives up to 10 results, each a preview and the card that gets inserted', async () => {
    const ext = await search([{ name: 'query', value: 'conditonal acess' }]);
    expect(ext.type).toBe('result');
    expect(ext.attachments.length).toBeGreaterThan(2);
    expect(ext.attachments.length).toBeLessThanOrEqual(10);
    const first = ext.attachments[0];
    expect(first.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(first.preview.content.title).toEqual(expect.any(String));
    expect(first.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(first.content.version).toBe('1.5');
    expect(cardText(first.content)).toMatch(/Microsoft Learn, CC BY 4\.0/);
    const links = ext.attachments.flatMap((a: any) => cardLinks(a.content)).join(' ');
    expect(links).toMatch(/identity-device-access-policies|deploy\/identity|validate-trust/);
  });

  it('shows the best starting points before anything is typed', async () => {
    const ext = await search([{ name: 'initialRun', value: 'true' }]);
    const titles = ext.attachments.map((a: any) => a.preview.content.title);
    expect(titles[0]).toMatch(/Rapid Modernization Plan/);
    expect(titles.length).toBeGreaterThanOrEqual(5);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("links Learn in the searcher's language", async () => {
    const res = await invoke(
      'composeExtension/query',
      { commandId: 'searchGuidance', parameters: [{ name: 'query', value: 'ransomware' }], queryOptions: { skip: 0, count: 3 } },
      'ja-JP',
    );
    const links = (await res.json()).composeExtension.attachments
      .flatMap((a: any) => cardLinks(a.content))
      .filter((l: string) => l.includes('learn.microsoft.com'));
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l).toMatch(/^https:\/\/learn\.microsoft\.com\/ja-jp\//);
  });

  it('gives an empty list, not an error, for nonsense', async () => {
    const ext = await search([{ name: 'query', value: 'qwzx blorft' }]);
    expect(ext.attachments).toEqual([]);
  });
});

describe('unfurling a pasted link', () => {
  const unfurl = async (url: string) => {
    const res = await invoke('composeExtension/queryLink', { url });
    expect(res.status).toBe(200);
    return (await res.json()).composeExtension;
  };

  it.each([
    ['a pillar, with a locale', 'https://learn.microsoft.com/en-us/security/zero-trust/deploy/identity', /Identit/, /pillar/i],
    [
      'an objective heading',
      'https://learn.microsoft.com/security/zero-trust/deploy/identity#ii-conditional-access-policies-gate-access-and-provide-remediation-activities',
      /Conditional Access/,
      /objective/i,
    ],
    ['an Azure services article', 'https://learn.microsoft.com/en-us/security/zero-trust/azure-infrastructure-avd', /Virtual Desktop/, /Azure/],
    ['a RaMP step', 'https://learn.microsoft.com/security/zero-trust/user-access-productivity-validate-trust', /validate trust/i, /RaMP step 1/],
    ['a documentation set', 'https://learn.microsoft.com/security/zero-trust/develop/overview', /Develop/, /Documentation set/],
  ])('%s gets a card saying where it sits in the guidance', async (_what, url, title, where) => {
    const ext = await unfurl(url);
    expect(ext.attachments).toHaveLength(1);
    const text = cardText(ext.attachments[0].content);
    expect(text).toMatch(title);
    expect(text).toMatch(where);
  });

  it('a retired RaMP page gets a card that says so and links the live page', async () => {
    const ext = await unfurl('https://learn.microsoft.com/en-us/security/zero-trust/data-compliance-gov-ransomware-recovery-readiness');
    const card = ext.attachments[0].content;
    expect(cardText(card)).toMatch(/retired/i);
    // Teams sent no locale: Learn's default, en-us.
    expect(cardLinks(card)).toContain('https://learn.microsoft.com/en-us/security/ransomware/protect-against-ransomware');
  });

  it('links Learn in the language of the person who pasted the link', async () => {
    const res = await invoke('composeExtension/queryLink', { url: 'https://learn.microsoft.com/en-us/security/zero-trust/deploy/identity' }, 'de-DE');
    const links = cardLinks((await res.json()).composeExtension.attachments[0].content).filter((l: string) => l.includes('learn.microsoft.com'));
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l).toMatch(/^https:\/\/learn\.microsoft\.com\/de-de\//);
  });

  it('a Learn page outside Zero Trust, or another site, gets no card and no error', async () => {
    for (const url of [
      'https://learn.microsoft.com/en-us/azure/virtual-network/virtual-networks-overview',
      'https://example.com/security/zero-trust/deploy/identity',
      'not a url',
    ]) {
      const ext = await unfurl(url);
      expect(ext.attachments).toEqual([]);
    }
  });
});
