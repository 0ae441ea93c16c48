// The built site (dist/) as a reader reaches it: titles, the license line in the footer, a page at every
// prefix of every page's path (the section indexes), canonical URLs from the one site setting, the 404 page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../labs/kit/paths.ts';
import { SECTIONS } from '../../src/lib/sections.ts';
import { builtFor, decode, dist, htmlFiles, htmlOf, pathOfPage, requireBuild, serve } from './support.ts';

let server: Server;
let url = '';

beforeAll(async () => {
  requireBuild();
  ({ url, server } = await serve());
});

afterAll(() => {
  server?.close();
});

const SITE_TITLE = { en: 'Kubernetes Field Labs', 'zh-cn': 'Kubernetes 实战实验室' } as const;

function titleOf(path: string): string {
  return decode(/<title>([^<]*)<\/title>/.exec(htmlOf(path))?.[1] ?? '');
}

function frontmatterTitle(file: string): string {
  const text = readFileSync(join(repoRoot, 'src', 'content', 'docs', file), 'utf8');
  return (/^title: (.*)$/m.exec(text)?.[1] ?? '').replace(/^'(.*)'$/, '$1');
}

describe('titles', () => {
  test('each home page is titled with the site’s name once, in its language', () => {
    expect(titleOf('')).toBe(SITE_TITLE.en);
    expect(titleOf('zh-cn')).toBe(SITE_TITLE['zh-cn']);
  });

  test('an article is titled "its title | the site’s name", in its language', () => {
    expect(titleOf('storage/volumes')).toBe(`${frontmatterTitle('storage/volumes.mdx')} | ${SITE_TITLE.en}`);
    expect(titleOf('zh-cn/storage/volumes')).toBe(
      `${frontmatterTitle('zh-cn/storage/volumes.mdx')} | ${SITE_TITLE['zh-cn']}`,
    );
  });

  test('no page’s title says the same thing twice', () => {
    for (const file of htmlFiles(dist).filter((name) => !name.startsWith('_'))) {
      const title = decode(/<title>([^<]*)<\/title>/.exec(readFileSync(join(dist, file), 'utf8'))?.[1] ?? '');
      const parts = title.split(' | ');
      expect(new Set(parts).size, `${file}: ${title}`).toBe(parts.length);
    }
  });
});

describe('license line in the footer', () => {
  const line = (path: string) => {
    const html = path.endsWith('.html') ? readFileSync(join(dist, path), 'utf8') : htmlOf(path);
    return /<p[^>]*data-license[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
  };

  test('English pages: code under the Apache License 2.0, articles under CC BY 4.0, after Starlight’s own footer', () => {
    for (const path of ['', 'storage/volumes', 'storage', '404.html']) {
      const text = line(path);
      expect(text, path).toContain('href="https://www.apache.org/licenses/LICENSE-2.0"');
      expect(text, path).toContain('href="https://creativecommons.org/licenses/by/4.0/"');
      expect(decode(text.replace(/<[^>]+>/g, '')), path).toBe(
        'Code licensed under the Apache License 2.0; articles licensed under Creative Commons Attribution 4.0 (CC BY 4.0).',
      );
    }
    // Starlight's footer is still there: the article's previous and next links.
    expect(htmlOf('storage/volumes')).toMatch(/<footer[^>]*>[\s\S]*rel="next"[\s\S]*<\/footer><p[^>]*data-license/);
  });

  test('Chinese pages say the same in Chinese and link to the Chinese summary of CC BY 4.0', () => {
    for (const path of ['zh-cn', 'zh-cn/storage/volumes', 'zh-cn/storage']) {
      const text = line(path);
      expect(text, path).toContain('href="https://www.apache.org/licenses/LICENSE-2.0"');
      expect(text, path).toContain('href="https://creativecommons.org/licenses/by/4.0/deed.zh-hans"');
      expect(decode(text.replace(/<[^>]+>/g, '')), path).toBe(
        '代码采用 Apache License 2.0 授权；文章采用知识共享署名 4.0 国际许可协议（CC BY 4.0）授权。',
      );
    }
  });
});

describe('every prefix of every page’s path is a page', () => {
  test('each prefix of each built page’s path is served, none is a 404', async () => {
    const pages = htmlFiles(dist)
      .filter((file) => file.endsWith('index.html') && !file.startsWith('_') && !file.startsWith('pagefind'))
      .map(pathOfPage);
    const prefixes = new Set<string>();
    for (const page of pages) {
      const parts = page.split('/').filter(Boolean);
      for (let length = 0; length <= parts.length; length += 1)
        prefixes.add(`/${parts.slice(0, length).join('/')}${length > 0 ? '/' : ''}`);
    }
    expect(prefixes).toContain('/storage/');
    expect(prefixes).toContain('/zh-cn/istio/');
    const missing: string[] = [];
    for (const prefix of prefixes) {
      const response = await fetch(`${url}${prefix}`);
      await response.arrayBuffer();
      if (response.status !== 200) missing.push(`${prefix} (${response.status})`);
    }
    expect(missing).toEqual([]);
  });

  test('every folder of articles is a section, so that its path has an index', () => {
    const docs = join(repoRoot, 'src', 'content', 'docs');
    const folders = (dir: string) =>
      readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && entry.name !== 'zh-cn')
        .map((entry) => entry.name)
        .sort();
    const ids = SECTIONS.map((section) => section.id).sort();
    expect(folders(docs)).toEqual(ids);
    expect(folders(join(docs, 'zh-cn'))).toEqual(ids);
  });

  for (const section of SECTIONS) {
    test(`/${section.id}/ and /zh-cn/${section.id}/ list every article of the section, titled in their language`, () => {
      for (const [prefix, lang] of [
        ['', 'en'],
        ['zh-cn/', 'zh-cn'],
      ] as const) {
        const html = htmlOf(`${prefix}${section.id}`);
        const articles = readdirSync(join(dist, prefix, section.id), { withFileTypes: true })
          .filter(
            (entry) => entry.isDirectory() && existsSync(join(dist, prefix, section.id, entry.name, 'index.html')),
          )
          .map((entry) => `/${prefix}${section.id}/${entry.name}/`)
          .sort();
        expect(articles.length, section.id).toBeGreaterThan(0);
        const list = /<ul class="lab-cards[^"]*"[^>]*>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
        const linked = [...list.matchAll(/<h2[^>]*><a href="([^"]+)"/g)].map((match) => match[1]).sort();
        expect(linked, `${prefix}${section.id}`).toEqual(articles);
        expect(decode(/<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? '')).toBe(section.label[lang]);
      }
    });
  }

  test('a section index shows each lab’s status and is kept out of the search index', () => {
    const html = htmlOf('storage');
    expect(html).toContain('data-lab="storage"');
    expect(html).toMatch(/class="status-pill status-pill--[a-z-]+"/);
    expect(html).not.toContain('data-pagefind-body');
  });
});

describe('sidebar', () => {
  /** The sidebar's groups on a built page: each label with the links under it. */
  function groupsOf(html: string): { label: string; links: number }[] {
    const sidebar = html.slice(html.indexOf('<ul class="top-level'), html.indexOf('</sl-sidebar-state-persist>'));
    return sidebar
      .split('<details')
      .slice(1)
      .map((group) => ({
        label: decode(/<span class="large[^"]*">([^<]*)</.exec(group)?.[1] ?? ''),
        links: [...group.matchAll(/<a href=/g)].length,
      }));
  }

  test('no page’s sidebar has an empty group', () => {
    // The home pages (Starlight's splash template) have no sidebar.
    const pages = htmlFiles(dist).map((file) => ({ file, html: readFileSync(join(dist, file), 'utf8') }));
    const withSidebar = pages.filter((page) => page.html.includes('<ul class="top-level'));
    expect(withSidebar.length).toBeGreaterThan(20);
    for (const { file, html } of withSidebar) {
      const groups = groupsOf(html);
      expect(groups.length, file).toBeGreaterThan(SECTIONS.length);
      expect(
        groups.filter((group) => group.links === 0).map((group) => group.label),
        file,
      ).toEqual([]);
    }
  });

  test.each([
    ['/', 'en'],
    ['/zh-cn/', 'zh-cn'],
  ] as const)('on %s, the lab cards come in the sidebar’s order of sections', (path, lang) => {
    const sections = groupsOf(htmlOf(`${path}how-labs-work/`)).map((group) =>
      SECTIONS.findIndex((section) => section.label[lang] === group.label),
    );
    const prefix = lang === 'en' ? '/' : '/zh-cn/';
    const cards = [...htmlOf(path).matchAll(/<li class="lab-card"[\s\S]*?<a href="([^"]+)"/g)].map((match) =>
      SECTIONS.findIndex((section) => (match[1] as string).startsWith(`${prefix}${section.id}/`)),
    );
    expect(cards.length).toBeGreaterThan(0);
    expect(cards).not.toContain(-1);
    const sidebarOrder = sections.filter((index) => index >= 0);
    expect(sidebarOrder).toEqual([...sidebarOrder].sort((a, b) => a - b));
    expect(cards).toEqual([...cards].sort((a, b) => a - b));
  });
});

describe('where the site lives', () => {
  test('canonical URLs and the sitemap start with the configured site and base, never a placeholder', () => {
    const { site, base } = builtFor();
    expect(htmlOf('storage/volumes')).toContain(`<link rel="canonical" href="${site}${base}storage/volumes/"/>`);
    const sitemap = readFileSync(join(dist, 'sitemap-0.xml'), 'utf8');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1] as string);
    expect(locs).toContain(`${site}${base}zh-cn/storage/`);
    for (const loc of locs) expect(loc.startsWith(`${site}${base}`), loc).toBe(true);
    for (const file of htmlFiles(dist)) {
      expect(readFileSync(join(dist, file), 'utf8'), file).not.toContain('example.org');
    }
  });

  test('the 404 page speaks both languages, links to both home pages and names no address of its own', () => {
    const html = readFileSync(join(dist, '404.html'), 'utf8');
    expect(html).toContain('There is no page at this address');
    expect(html).toMatch(/<p lang="zh-CN">这个地址上没有页面/);
    expect(html).toContain('href="/"');
    expect(html).toContain('href="/zh-cn/"');
    expect(html).not.toMatch(/rel="(canonical|alternate)"/);
    expect(html).not.toContain('og:url');
    expect(html).not.toContain('data-pagefind-body');
  });
});
