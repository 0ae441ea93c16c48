// The built site (dist/) as a reader reaches it: titles.
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
