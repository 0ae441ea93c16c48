// The built site (dist/) as a reader reaches it: titles, the license line in the footer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../labs/kit/paths.ts';
import { decode, dist, htmlFiles, htmlOf, requireBuild } from './support.ts';

beforeAll(() => {
  requireBuild();
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
    for (const path of ['', 'storage/volumes', '404.html']) {
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
    for (const path of ['zh-cn', 'zh-cn/storage/volumes']) {
      const text = line(path);
      expect(text, path).toContain('href="https://www.apache.org/licenses/LICENSE-2.0"');
      expect(text, path).toContain('href="https://creativecommons.org/licenses/by/4.0/deed.zh-hans"');
      expect(decode(text.replace(/<[^>]+>/g, '')), path).toBe(
        '代码采用 Apache License 2.0 授权；文章采用知识共享署名 4.0 国际许可协议（CC BY 4.0）授权。',
      );
    }
  });
});
