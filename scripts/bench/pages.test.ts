import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../labs/kit/paths.ts';
import { articlePages, median, scriptBytes } from './pages.ts';

describe('what the bench measures', () => {
  test('every article page of the project in both languages, the home page first', () => {
    const pages = articlePages(join(repoRoot, 'src', 'content', 'docs'));
    expect(pages.slice(0, 2)).toEqual(['/', '/zh-cn/']);
    expect(pages).toContain('/storage/volumes/');
    expect(pages).toContain('/zh-cn/istio/routing/');
    expect(pages).toContain('/zh-cn/workshop/trainer-guide/');
    expect(pages.filter((page) => page.startsWith('/zh-cn/'))).toHaveLength(pages.length / 2);
    expect(pages.every((page) => page.endsWith('/'))).toBe(true);
  });

  let dist = '';
  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'bench-dist-'));
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  test('JavaScript a page loads: inline scripts and module chunks with what they import, each once, gzipped', () => {
    mkdirSync(join(dist, 'page', '_astro'), { recursive: true });
    mkdirSync(join(dist, '_astro'), { recursive: true });
    const inline = 'document.documentElement.dataset.x = "1";';
    const entry = 'import "./shared.js"; import { a } from "./other.js"; console.log(a);';
    const shared = 'export const shared = 1;';
    const other = 'import "./shared.js"; export const a = 2;';
    writeFileSync(join(dist, '_astro', 'entry.js'), entry);
    writeFileSync(join(dist, '_astro', 'shared.js'), shared);
    writeFileSync(join(dist, '_astro', 'other.js'), other);
    writeFileSync(
      join(dist, 'page', 'index.html'),
      `<script>${inline}</script><script type="application/ld+json">{"not":"code"}</script><script type="module" src="/_astro/entry.js"></script>`,
    );
    const expected = [inline, entry, shared, other].reduce((sum, code) => sum + gzipSync(code).length, 0);
    expect(scriptBytes(dist, '/page/')).toBe(expected);
  });

  test('median of an odd and an even count', () => {
    expect(median([0.98, 1, 0.97])).toBe(0.98);
    expect(median([0.9, 1])).toBe(1);
  });
});
