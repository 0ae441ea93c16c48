import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { repoRoot } from '../../labs/kit/paths.ts';
import { readPages } from '../../labs/kit/validate/pages.ts';
import { SECTIONS } from '../../src/lib/sections.ts';
import { configuredSite, type SiteAddress } from '../../src/lib/site-url.ts';

export const dist = join(import.meta.dirname, '..', '..', 'dist');

/** Where the build in dist/ says it lives: the same setting astro.config.mjs reads. */
export function builtFor(): SiteAddress {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { homepage?: unknown };
  return configuredSite(process.env, pkg.homepage);
}

export function requireBuild(): void {
  if (!existsSync(join(dist, 'index.html')))
    throw new Error('dist/ is missing: run "npm run build" before the site tests');
}

export function htmlOf(path: string): string {
  return readFileSync(join(dist, path, 'index.html'), 'utf8');
}

export function decode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

/** The exact text each copy button puts on the clipboard (Expressive Code joins lines with U+007F). */
export function copyPayloads(html: string): string[] {
  return [...html.matchAll(/data-code="([^"]*)"/g)].map((match) =>
    decode(match[1] as string).replaceAll('\u007f', '\n'),
  );
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain',
};

/** The file a static host serves for a path inside the site (`storage/` → storage/index.html), if any. */
function fileOf(root: string, path: string): string | undefined {
  let file = join(root, normalize(`/${path}`).replace(/^(\.\.[/\\])+/, ''));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) ? file : undefined;
}

/**
 * A static server for a built site on 127.0.0.1, as a host would serve it (gzip for text): `dist/` at the
 * root by default, or another build under its base path (`/repo/`), where anything outside the base is a 404.
 */
export async function serve(root: string = dist, base = '/'): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = requested.startsWith(base) ? fileOf(root, requested.slice(base.length)) : undefined;
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(readFileSync(join(root, '404.html')));
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const body = readFileSync(file);
    // Compress text as every static host does, so measurements reflect what readers download.
    if (
      /^(text\/|application\/(json|javascript|xml)|image\/svg)/.test(type) &&
      /\bgzip\b/.test(String(request.headers['accept-encoding']))
    ) {
      response.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding' });
      response.end(gzipSync(body));
      return;
    }
    response.writeHead(200, { 'content-type': type });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, server };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Debian's Chromium, headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** The path of every page of the site, English then its Chinese twin: articles, section indexes, and the 404 page. */
export function everyPage(): string[] {
  const { en } = readPages(join(repoRoot, 'src', 'content', 'docs'));
  const slugs = [
    ...en.map((page) => (page.slug === 'index' ? '' : `${page.slug.replace(/\/index$/, '')}/`)),
    ...SECTIONS.map((section) => `${section.id}/`),
  ];
  return [...slugs.flatMap((slug) => [`/${slug}`, `/zh-cn/${slug}`]), '/404.html'];
}

/** Every HTML file of a build, as paths under its root. */
export function htmlFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The path a page of the build is served at, from the site's root: `storage/index.html` → `/storage/`. */
export function pathOfPage(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/**
 * Every reference from a build to itself that leads nowhere: links, scripts, styles, images and
 * `srcset`s of every page; `url()`s of every style sheet; canonical, alternate and og: URLs; the
 * sitemaps. A reference is the build's own when it resolves to the site's origin; it must then stay
 * under the base path and name a file of the build (a folder: its index.html). Other sites are not checked.
 */
export function brokenReferences(root: string, site: string, base: string): string[] {
  const origin = new URL(site).origin;
  const broken: string[] = [];
  const check = (from: string, value: string, pageUrl: string) => {
    let url: URL;
    try {
      url = new URL(decode(value).trim(), pageUrl);
    } catch {
      broken.push(`${from} → ${value} (not a URL)`);
      return;
    }
    if (url.origin !== origin) return;
    const path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) broken.push(`${from} → ${value} (outside the base path ${base})`);
    else if (!fileOf(root, path.slice(base.length))) broken.push(`${from} → ${value}`);
  };
  const urlOf = (file: string) => new URL(`${base}${file.split(sep).join('/')}`, origin).href;
  for (const file of htmlFiles(root)) {
    const html = readFileSync(join(root, file), 'utf8');
    const pageUrl = new URL(`${base}${pathOfPage(file).slice(1)}`, origin).href;
    for (const match of html.matchAll(/\s(href|src|srcset|content)="([^"]*)"/g)) {
      const [, name, value = ''] = match;
      if (name === 'content' && !/^https?:/.test(value)) continue;
      const values = name === 'srcset' ? value.split(',').map((item) => item.trim().split(/\s+/)[0] ?? '') : [value];
      for (const item of values) if (item !== '' && !item.startsWith('#')) check(file, item, pageUrl);
    }
  }
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = relative(root, join(entry.parentPath, entry.name));
    if (file.endsWith('.css')) {
      const css = readFileSync(join(root, file), 'utf8');
      for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
        const value = match[2] as string;
        if (!value.startsWith('data:') && !value.startsWith('#')) check(file, value, urlOf(file));
      }
    } else if (/^sitemap.*\.xml$/.test(file)) {
      const xml = readFileSync(join(root, file), 'utf8');
      for (const match of xml.matchAll(/<loc>([^<]+)<\/loc>|\shref="([^"]+)"/g))
        check(file, (match[1] ?? match[2]) as string, urlOf(file));
    }
  }
  return broken;
}
