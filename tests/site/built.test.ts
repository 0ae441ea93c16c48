// The built site (dist/), read as files: the page shows what the lab runs.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../labs/kit/paths.ts';
import { loadAllLabs } from '../../labs/kit/registry.ts';
import type { Lab } from '../../labs/kit/schema.ts';
import { labStatus, readTranscripts } from '../../labs/kit/transcript.ts';
import { readPages, stepUses } from '../../labs/kit/validate/pages.ts';
import { brokenReferences, builtFor, copyPayloads, decode, dist, htmlFiles, htmlOf, requireBuild } from './support.ts';

let labs: Lab[] = [];
const pages = readPages(join(repoRoot, 'src', 'content', 'docs'));

beforeAll(async () => {
  requireBuild();
  labs = await loadAllLabs();
});

function pagesOfLab(id: string): string[] {
  return pages.en.filter((page) => stepUses(page.text).some((use) => use.lab === id)).map((page) => page.slug);
}

describe('built pages carry the tested commands', () => {
  test('every lab has an article', () => {
    for (const lab of labs) expect(pagesOfLab(lab.id), lab.id).not.toEqual([]);
  });

  test('every step’s exact commands are a copy button’s payload on the English and the Chinese page', () => {
    for (const lab of labs) {
      for (const slug of pagesOfLab(lab.id)) {
        for (const path of [slug, `zh-cn/${slug}`]) {
          const payloads = copyPayloads(htmlOf(path));
          const used = new Set(
            stepUses(pages.en.find((page) => page.slug === slug)?.text ?? '').map((use) => use.step),
          );
          for (const step of lab.steps.filter((candidate) => used.has(candidate.id))) {
            expect(payloads, `${path}: ${step.id}`).toContain(step.run.join('\n'));
          }
        }
      }
    }
  });

  test('the status badge says what the transcripts say, in each language', () => {
    for (const lab of labs) {
      for (const slug of pagesOfLab(lab.id)) {
        const en = htmlOf(slug);
        const zh = htmlOf(`zh-cn/${slug}`);
        const runs = join(repoRoot, 'labs', lab.id, 'runs');
        const hasFullRun = existsSync(runs) && readdirSync(runs).some((name) => name.endsWith('-full.json'));
        if (!hasFullRun) {
          expect(en).toContain(`data-status="offline"`);
          expect(decode(en)).toContain('Not yet run on a cluster');
          expect(decode(zh)).toContain('尚未在集群上运行');
        } else {
          const status = labStatus(readTranscripts(lab.id));
          expect(en).toContain(`data-status="${status.kind}"`);
          expect(zh).toContain(`data-status="${status.kind}"`);
          if (status.kind === 'source-built') {
            // A run whose platform could not give some steps what they need never says "end to end".
            const skipped = new Set(status.notRun.filter((item) => item.whole).map((item) => item.step)).size;
            if (skipped === 0) {
              expect(decode(en)).toContain('Ran end to end on the source-built platform');
              expect(decode(zh)).toContain('已在源码构建的平台上完整运行');
            } else {
              expect(decode(en)).toContain(`Ran on the source-built platform, ${skipped} step(s) not run`);
              expect(decode(en)).not.toContain('Ran end to end');
              expect(decode(zh)).toContain(`已在源码构建的平台上运行，${skipped} 步未运行`);
            }
          }
        }
      }
    }
  });

  test('every lab page says where the old way went, after its steps, under a heading of its own', () => {
    const changed = { en: /^What changed since /, 'zh-cn': /(变化|变了什么)$/ };
    for (const page of pages.en.filter((candidate) => stepUses(candidate.text).length > 0)) {
      for (const lang of ['en', 'zh-cn'] as const) {
        const path = lang === 'en' ? `/${page.slug}/` : `/zh-cn/${page.slug}/`;
        const html = htmlOf(path);
        const headings = [...html.matchAll(/<h2 id="[^"]*">([^<]*)<\/h2>/g)].filter((match) =>
          changed[lang].test(decode(match[1] as string)),
        );
        expect(headings, path).toHaveLength(1);
        expect(headings[0]?.index ?? 0, path).toBeGreaterThan(html.lastIndexOf('<section class="lab-step'));
      }
    }
  });

  test('pages are in the right language', () => {
    expect(htmlOf('')).toMatch(/<html lang="en"/);
    expect(htmlOf('zh-cn')).toMatch(/<html lang="zh-CN"/);
  });
});

describe('links', () => {
  test('no internal link or asset is broken: pages, style sheets, canonical and alternate URLs, sitemaps', () => {
    const { site, base } = builtFor();
    expect(brokenReferences(dist, site, base)).toEqual([]);
  });

  test('every link to a section of a page lands on an element with that id', () => {
    const ids = new Map<string, Set<string>>();
    const idsOf = (page: string) => {
      let found = ids.get(page);
      if (!found) {
        const html = readFileSync(join(dist, page, 'index.html'), 'utf8');
        found = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => decode(match[1] as string)));
        ids.set(page, found);
      }
      return found;
    };
    const missing: string[] = [];
    for (const file of htmlFiles(dist)) {
      const page = file.replace(/index\.html$/, '');
      if (!file.endsWith('index.html') || page.startsWith('_') || page === '404.html') continue;
      const html = readFileSync(join(dist, file), 'utf8');
      for (const match of html.matchAll(/href="(\/[^"#?]*)?#([^"]+)"/g)) {
        const target = match[1] === undefined ? page : (match[1] as string).replace(/^\//, '');
        if (!existsSync(join(dist, target, 'index.html'))) continue;
        const id = decodeURIComponent(decode(match[2] as string));
        if (!idsOf(target).has(id)) missing.push(`${page || '/'} → ${target}#${id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every English page has its Chinese twin in the build', () => {
    for (const page of pages.en) {
      const slug = page.slug === 'index' ? '' : page.slug.replace(/\/index$/, '');
      expect(existsSync(join(dist, 'zh-cn', slug, 'index.html')), slug).toBe(true);
    }
  });
});
