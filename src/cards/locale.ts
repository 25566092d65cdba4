// Links in the user's language. Teams sends the user's locale with every activity ("de-DE", "ja-JP");
// Microsoft Learn publishes its pages under /<locale>/ for a fixed set of locales. A card's Learn links get
// the user's locale when Learn publishes it, and en-us otherwise, so nobody lands on a page in a language
// their browser happened to ask for.
import type { Card } from './templates.js';

/** Locales Learn publishes its documentation in (the language picker of learn.microsoft.com). */
export const LEARN_LOCALES: ReadonlySet<string> = new Set([
  'ar-sa',
  'bg-bg',
  'ca-es',
  'cs-cz',
  'da-dk',
  'de-at',
  'de-ch',
  'de-de',
  'el-gr',
  'en-au',
  'en-ca',
  'en-gb',
  'en-ie',
  'en-in',
  'en-my',
  'en-nz',
  'en-sg',
  'en-us',
  'en-za',
  'es-es',
  'es-mx',
  'et-ee',
  'eu-es',
  'fi-fi',
  'fil-ph',
  'fr-be',
  'fr-ca',
  'fr-ch',
  'fr-fr',
  'ga-ie',
  'gl-es',
  'he-il',
  'hi-in',
  'hr-hr',
  'hu-hu',
  'id-id',
  'is-is',
  'it-ch',
  'it-it',
  'ja-jp',
  'kk-kz',
  'ko-kr',
  'lb-lu',
  'lt-lt',
  'lv-lv',
  'ms-my',
  'mt-mt',
  'nb-no',
  'nl-be',
  'nl-nl',
  'pl-pl',
  'pt-br',
  'pt-pt',
  'ro-ro',
  'ru-ru',
  'sk-sk',
  'sl-si',
  'sr-cyrl-rs',
  'sr-latn-rs',
  'sv-se',
  'th-th',
  'tr-tr',
  'uk-ua',
  'vi-vn',
  'zh-cn',
  'zh-hk',
  'zh-tw',
]);

export const DEFAULT_LEARN_LOCALE = 'en-us';

/** A language alone ("de", "ja") means its main published locale. */
const BY_LANGUAGE: Record<string, string> = {
  ar: 'ar-sa',
  bg: 'bg-bg',
  ca: 'ca-es',
  cs: 'cs-cz',
  da: 'da-dk',
  de: 'de-de',
  el: 'el-gr',
  en: 'en-us',
  es: 'es-es',
  et: 'et-ee',
  eu: 'eu-es',
  fi: 'fi-fi',
  fil: 'fil-ph',
  fr: 'fr-fr',
  ga: 'ga-ie',
  gl: 'gl-es',
  he: 'he-il',
  hi: 'hi-in',
  hr: 'hr-hr',
  hu: 'hu-hu',
  id: 'id-id',
  is: 'is-is',
  it: 'it-it',
  ja: 'ja-jp',
  kk: 'kk-kz',
  ko: 'ko-kr',
  lb: 'lb-lu',
  lt: 'lt-lt',
  lv: 'lv-lv',
  ms: 'ms-my',
  mt: 'mt-mt',
  nb: 'nb-no',
  no: 'nb-no',
  nl: 'nl-nl',
  pl: 'pl-pl',
  pt: 'pt-br',
  ro: 'ro-ro',
  ru: 'ru-ru',
  sk: 'sk-sk',
  sl: 'sl-si',
  sv: 'sv-se',
  th: 'th-th',
  tr: 'tr-tr',
  uk: 'uk-ua',
  vi: 'vi-vn',
  zh: 'zh-cn',
};

/**
 * The Learn locale for what Teams sent: "de-DE" -> "de-de", "pt" -> "pt-br", "zh-Hans" -> "zh-cn",
 * "xx-YY", nothing or anything malformed -> en-us.
 */
export function learnLocale(teamsLocale: string | undefined | null): string {
  const raw = typeof teamsLocale === 'string' ? teamsLocale.trim().toLowerCase().replace(/_/g, '-') : '';
  if (!raw || raw.length > 20 || !/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(raw)) return DEFAULT_LEARN_LOCALE;
  if (LEARN_LOCALES.has(raw)) return raw;
  if (raw === 'zh-hant' || raw.startsWith('zh-hant-')) return 'zh-tw';
  if (raw === 'zh-hans' || raw.startsWith('zh-hans-')) return 'zh-cn';
  return BY_LANGUAGE[raw.split('-')[0]!] ?? DEFAULT_LEARN_LOCALE;
}

/** Learn URLs without a locale: the host, then a path that does not start with "xx-yy/". */
const LEARN_LINK = /https:\/\/learn\.microsoft\.com\/(?![a-z]{2,3}(?:-[a-z0-9]{2,8}){1,2}\/)/g;

/** One URL (or markdown text holding links) with the locale put into every Learn link. */
export function localiseText(text: string, locale: string): string {
  return text.includes('https://learn.microsoft.com/') ? text.replace(LEARN_LINK, `https://learn.microsoft.com/${locale}/`) : text;
}

/**
 * A copy of the card with every Learn link in the locale: links in text, buttons' URLs, selectAction.
 * Data sent back by buttons is left alone (it names entries, not pages to open). Cards are small, so a
 * walk over the whole card is cheap; parts without a Learn link are shared, not copied.
 */
export function localiseCard<T extends Card>(card: T, locale: string): T {
  // A frozen card is a remembered answer that many turns send: localise it once per locale.
  if (!Object.isFrozen(card)) return walk(card, locale) as T;
  let byLocale = localised.get(card);
  if (!byLocale) localised.set(card, (byLocale = new Map()));
  let out = byLocale.get(locale);
  if (!out) byLocale.set(locale, (out = Object.freeze(walk(card, locale) as Card)));
  return out as T;
}

/** Localised copies of frozen cards, dropped with the card. */
const localised = new WeakMap<object, Map<string, Card>>();

function walk(value: unknown, locale: string, key = ''): unknown {
  if (typeof value === 'string') return localiseText(value, locale);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const w = walk(v, locale);
      if (w !== v) changed = true;
      return w;
    });
    return changed ? out : value;
  }
  if (value && typeof value === 'object' && key !== 'data') {
    let out: Record<string, unknown> | undefined;
    // for...in rather than Object.entries: a card is walked on every reply, and the pairs were garbage.
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      const w = walk(v, locale, k);
      if (w !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = w;
    }
    return out ?? value;
  }
  return value;
}
