/**
 * Where the site is published, from one setting: `FIELDLAB_SITE_URL` (for example
 * `https://owner.github.io/repo/`), or package.json's `homepage` when it is unset. Astro wants it in two
 * parts: `site`, the origin that canonical URLs and the sitemap start with, and `base`, the path the site
 * is served under (`/repo/`; `/` at the root of a domain). Every internal link of the site goes through
 * `base` (src/lib/base.ts, src/lib/base-links.ts), so the same build works at a domain's root and in a
 * project's folder on GitHub Pages.
 */

export const SITE_URL_VARIABLE = 'FIELDLAB_SITE_URL';

export interface SiteAddress {
  /** The origin, without a path: `https://owner.github.io`. */
  site: string;
  /** The path the site lives under, with a slash at each end: `/repo/`, or `/`. */
  base: string;
}

/**
 * Splits a site URL into Astro's `site` and `base`. A URL without a trailing slash gets one (GitHub
 * Pages' `base_url` has none). Throws a one-line error naming where the value came from.
 */
export function siteAddress(value: string, from: string): SiteAddress {
  const example = 'for example https://owner.github.io/repo/';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`${from} is "${value}", which is not an absolute URL (${example})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`${from} is "${value}": the site URL must start with https:// or http:// (${example})`);
  if (url.username || url.password || url.search || url.hash)
    throw new Error(`${from} is "${value}": the site URL takes no user, query or fragment (${example})`);
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/\/|\/\.\.?(\/|$)/.test(path))
    throw new Error(`${from} is "${value}": the path has an empty or relative segment (${example})`);
  return { site: url.origin, base: `${path}/` };
}

/** The site address of this build: the environment variable if set, else the package's homepage. */
export function configuredSite(env: Record<string, string | undefined>, homepage: unknown): SiteAddress {
  const fromEnv = env[SITE_URL_VARIABLE];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return siteAddress(fromEnv, SITE_URL_VARIABLE);
  if (typeof homepage !== 'string' || homepage === '')
    throw new Error(
      `package.json has no "homepage" and ${SITE_URL_VARIABLE} is unset: set one of them to the site URL`,
    );
  return siteAddress(homepage, 'package.json "homepage"');
}
