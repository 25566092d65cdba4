import { describe, expect, it } from 'vitest';
import { learnLocale, localiseCard, localiseText } from '../../src/cards/locale.js';

describe('the Learn locale for what Teams sends', () => {
  it.each([
    ['en-US', 'en-us'],
    ['de-DE', 'de-de'],
    ['ja-JP', 'ja-jp'],
    ['fr', 'fr-fr'],
    ['pt', 'pt-br'],
    ['zh-Hant', 'zh-tw'],
    ['zh-Hans-CN', 'zh-cn'],
    ['de-LI', 'de-de'],
    ['xx-YY', 'en-us'],
    ['', 'en-us'],
    [undefined, 'en-us'],
    ['../../etc', 'en-us'],
    ['en-US<script>', 'en-us'],
  ])('%s -> %s', (teams, learn) => {
    expect(learnLocale(teams)).toBe(learn);
  });
});

describe('Learn links in a locale', () => {
  it('puts the locale into Learn links that have none, and leaves others alone', () => {
    const text =
      'See [Identity](https://learn.microsoft.com/security/zero-trust/deploy/identity) and [this](https://learn.microsoft.com/en-us/entra/) and [that](https://example.com/x).';
    expect(localiseText(text, 'de-de')).toBe(
      'See [Identity](https://learn.microsoft.com/de-de/security/zero-trust/deploy/identity) and [this](https://learn.microsoft.com/en-us/entra/) and [that](https://example.com/x).',
    );
  });

  it("localises a card's text and buttons but not the data its buttons send back", () => {
    const card = {
      type: 'AdaptiveCard',
      body: [{ type: 'TextBlock', text: '[a](https://learn.microsoft.com/security/zero-trust/)' }],
      actions: [
        { type: 'Action.OpenUrl', url: 'https://learn.microsoft.com/security/zero-trust/deploy/data' },
        { type: 'Action.Submit', data: { action: 'feedback', resultId: 'https://learn.microsoft.com/security/zero-trust/x' } },
      ],
    };
    const out = localiseCard(card, 'ko-kr');
    expect(JSON.stringify(out.body)).toContain('https://learn.microsoft.com/ko-kr/security/zero-trust/');
    expect(out.actions[0]!.url).toBe('https://learn.microsoft.com/ko-kr/security/zero-trust/deploy/data');
    expect(out.actions[1]!.data).toBe(card.actions[1]!.data);
    // The card it was given is unchanged (cards may be shared by a cache).
    expect(card.actions[0]!.url).toBe('https://learn.microsoft.com/security/zero-trust/deploy/data');
  });

  it('localises a remembered (frozen) answer card once per locale', () => {
    const card = Object.freeze({
      type: 'AdaptiveCard',
      body: [Object.freeze({ type: 'TextBlock', text: 'https://learn.microsoft.com/security/zero-trust/' })],
    });
    const de = localiseCard(card, 'de-de');
    expect(localiseCard(card, 'de-de')).toBe(de);
    expect(localiseCard(card, 'fr-fr')).not.toBe(de);
    expect(JSON.stringify(localiseCard(card, 'fr-fr'))).toContain('/fr-fr/');
  });
});
