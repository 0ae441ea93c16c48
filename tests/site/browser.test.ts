// Browser tests of the built site in Debian's Chromium: both languages render,
// search answers, copy works, axe finds no violations.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loadLab } from '../../labs/kit/registry.ts';
import { builtSite } from './built-site.ts';
import { everyPage } from './support.ts';

const site = builtSite();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function open(path: string): Promise<Page> {
  const context = await site.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const response = await page.goto(`${site.base}${path}`, { waitUntil: 'networkidle' });
  expect(response?.status(), path).toBe(200);
  return page;
}

describe('both languages render (browser)', () => {
  test('the storage article renders every step in English and Chinese, each under its numbered heading', async () => {
    const lab = await loadLab('storage');
    for (const [path, lang, code] of [
      ['/storage/volumes/', 'en', 'en'],
      ['/zh-cn/storage/volumes/', 'zh-CN', 'zh-cn'],
    ] as const) {
      const page = await open(path);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      const steps = await page
        .locator('section.lab-step')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-step')));
      expect(steps).toEqual(lab.steps.map((step) => step.id));
      const headings = await page
        .locator('.lab-step__heading')
        .evaluateAll((nodes) => nodes.map((node) => node.textContent?.trim()));
      expect(headings).toEqual(lab.steps.map((step, index) => `${index + 1}. ${step.title[code]}`));
      await page.context().close();
    }
  });
});

describe('copy (browser)', () => {
  test('the copy button puts the exact step commands on the clipboard', async () => {
    const lab = await loadLab('storage');
    const step = lab.steps.find((candidate) => candidate.id === 'share-emptydir');
    const page = await open('/storage/volumes/');
    const section = page.locator('section.lab-step[data-step="share-emptydir"]');
    await section.locator('.expressive-code').first().hover();
    await section.locator('button[data-code]').first().click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(step?.run.join('\n'));
    await page.context().close();
  });
});

describe('table of contents (browser)', () => {
  test('the entry of the section being read is marked current as the reader scrolls', async () => {
    const page = await open('/storage/volumes/');
    const current = () => page.locator('lab-toc nav a[aria-current="true"]').first().getAttribute('href');
    await expect.poll(current).toBe('#_top');
    const headings = await page
      .locator('.sl-markdown-content h2[id]')
      .evaluateAll((nodes) => nodes.map((node) => node.id));
    const target = headings[Math.floor(headings.length / 2)] as string;
    await page.locator(`#${target}`).scrollIntoViewIfNeeded();
    await page.evaluate((id) => document.getElementById(id)?.scrollIntoView({ block: 'start' }), target);
    await expect.poll(current).toBe(`#${target}`);
    await page.context().close();
  });
});

describe('search (browser)', () => {
  for (const [path, query, expected] of [
    ['/', 'ReadWriteOncePod', '/storage/volumes/'],
    ['/zh-cn/', '存储卷', '/zh-cn/storage/volumes/'],
  ] as const) {
    test(`search on ${path} answers "${query}"`, async () => {
      const page = await open(path);
      await page.locator('button[data-open-modal]').first().click();
      await page.locator('.pagefind-ui__search-input').first().fill(query);
      const result = page.locator(`a[href*="${expected}"]`).first();
      await result.waitFor({ timeout: 15_000 });
      expect(await result.getAttribute('href')).toContain(expected);
      await page.context().close();
    });
  }
});

describe('accessibility (browser, axe-core), every page in both languages', () => {
  for (const path of everyPage()) {
    test(`axe finds no violations on ${path}`, async () => {
      const page = await open(path);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: {
              run: (context: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe.run(document);
        return result.violations.map(
          (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
        );
      });
      expect(violations).toEqual([]);
      await page.context().close();
    });
  }
});
