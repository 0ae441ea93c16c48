import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readPages } from '../../labs/kit/validate/pages.ts';

/** Every article page of the site (the home page included), English first, then its Chinese twin. */
export function articlePages(docsDir: string): string[] {
  const { en } = readPages(docsDir);
  const slugs = en
    .map((page) => (page.slug === 'index' ? '' : `${page.slug.replace(/\/index$/, '')}/`))
    .sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
  return slugs.flatMap((slug) => [`/${slug}`, `/zh-cn/${slug}`]);
}

/** Gzipped bytes of every script a built page loads: inline ones and every chunk its modules import. */
export function scriptBytes(dist: string, page: string): number {
  const html = readFileSync(join(dist, page, 'index.html'), 'utf8');
  let total = 0;
  for (const match of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const src = /src="([^"]+)"/.exec(match[0])?.[1];
    if (!src && match[1]?.trim() && !/type="application\/(ld\+)?json"/.test(match[0]))
      total += gzipSync(match[1]).length;
  }
  const seen = new Set<string>();
  const queue = [...html.matchAll(/<script\b[^>]*src="(\/[^"]+\.js)"/g)].map((match) => match[1] as string);
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file) || !existsSync(join(dist, file))) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    total += gzipSync(code).length;
    for (const imported of code.matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      queue.push(join(dirname(file), imported[1] as string));
    }
  }
  return total;
}

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
