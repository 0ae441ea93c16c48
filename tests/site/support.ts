import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { repoRoot } from '../../labs/kit/paths.ts';
import { readPages } from '../../labs/kit/validate/pages.ts';
import { SECTIONS } from '../../src/lib/sections.ts';

export const dist = join(import.meta.dirname, '..', '..', 'dist');

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

/** A static server for dist/ on 127.0.0.1, as a host would serve it (gzip for text). */
export async function serve(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(dist, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(readFileSync(join(dist, '404.html')));
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
