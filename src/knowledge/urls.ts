// The URL rule of the Zero Trust docs and the redirects that retired pages now follow.
export const LEARN = 'https://learn.microsoft.com';
export const ZT_BASE = '/security/zero-trust/';

/** "deploy/identity" -> https://learn.microsoft.com/security/zero-trust/deploy/identity; "index" -> the folder. */
export function docsPathToUrl(path: string): string {
  const clean = path.replace(/\.(md|yml)$/i, '').replace(/(^|\/)index$/, '$1');
  return `${LEARN}${ZT_BASE}${clean}`;
}

/**
 * Reduces any Learn link to the path that identifies the page: no host, no locale, no query, no
 * fragment, no trailing slash, single slashes. Returns undefined for links outside learn.microsoft.com.
 */
export function pagePath(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url, LEARN);
  } catch {
    return undefined;
  }
  if (u.hostname !== 'learn.microsoft.com') return undefined;
  const path = u.pathname
    .replace(/\/{2,}/g, '/')
    .replace(/^\/[a-z]{2}-[a-z]{2}(?=\/)/i, '')
    .replace(/\.md$/i, '')
    .replace(/\/$/, '');
  return path.toLowerCase() || '/';
}

/** The fragment of a link, without '#', or ''. */
export function fragmentOf(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? '' : url.slice(i + 1);
}

export type RedirectEntry = { source_path: string; redirect_url: string };

/**
 * Turns docfx redirection entries into a map from published path to live URL, following chains
 * (data-compliance-governance-overview -> data-compliance-gov-data -> deploy/data). Targets may be
 * site-absolute ("/security/..."), missing their leading slash ("security/zero-trust/..."), or relative to
 * the source's folder ("../integrate/identity"); Learn's toc/bc query strings are dropped.
 */
export function buildRedirects(entries: RedirectEntry[], docsetRoot = 'security-docs/'): Record<string, string> {
  const direct = new Map<string, string>();
  for (const e of entries) {
    if (!e.source_path.startsWith(docsetRoot)) continue;
    const sourceRel = e.source_path.slice(docsetRoot.length).replace(/\.md$/i, '');
    const source = `/security/${sourceRel}`;
    const folder = source.slice(0, source.lastIndexOf('/') + 1);
    let target = e.redirect_url.trim();
    if (/^https?:\/\//.test(target)) {
      // already absolute
    } else if (target.startsWith('/')) {
      target = LEARN + target;
    } else if (/^(security|azure|microsoft-365|entra|purview|defender)\//.test(target)) {
      target = `${LEARN}/${target}`;
    } else {
      target = new URL(target, LEARN + folder).toString();
    }
    const u = new URL(target);
    u.search = '';
    u.pathname = u.pathname.replace(/\/{2,}/g, '/');
    direct.set(source.toLowerCase(), u.toString());
  }
  const out: Record<string, string> = {};
  for (const [source, first] of direct) {
    let target = first;
    const seen = new Set([source]);
    for (;;) {
      const next = pagePath(target);
      if (!next || seen.has(next) || !direct.has(next)) break;
      seen.add(next);
      const hop = direct.get(next)!;
      // A fragment on an earlier hop is more specific than none on a later one.
      target = fragmentOf(hop) || !fragmentOf(target) ? hop : `${hop.split('#')[0]}#${fragmentOf(target)}`;
    }
    out[source] = target;
  }
  return out;
}

export type Freshness = { url: string; originalUrl?: string; retired: boolean };

/** Where a link should point today: itself, or the live page a retired page redirects to. */
export function freshness(url: string, redirects: Record<string, string>): Freshness {
  const path = pagePath(url);
  const live = path ? redirects[path] : undefined;
  if (!live) return { url, retired: false };
  return { url: live, originalUrl: url, retired: true };
}
