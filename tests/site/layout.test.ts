// The built site on a phone and on the landing page, read in Chromium: nothing scrolls sideways,
// table cells keep their words whole, the landing page lists every lab with the status its
// transcripts give it and shows a real run, and the other language is one tap away.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../labs/kit/paths.ts';
import { loadAllLabs } from '../../labs/kit/registry.ts';
import type { Lab } from '../../labs/kit/schema.ts';
import { newestPassing } from '../../labs/kit/stale.ts';
import { labStatus, readTranscripts } from '../../labs/kit/transcript.ts';
import { builtSite } from './built-site.ts';
import { everyPage } from './support.ts';

const site = builtSite();
let labs: Lab[] = [];

beforeAll(async () => {
  labs = await loadAllLabs();
});

async function open(path: string, width: number): Promise<Page> {
  const context = await site.browser.newContext({ viewport: { width, height: 740 } });
  const page = await context.newPage();
  const response = await page.goto(`${site.base}${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  return page;
}

/** Renders what a reader would eventually scroll to and unfolds everything that can be unfolded. */
async function renderEverything(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const node of document.querySelectorAll<HTMLElement>('*')) {
      if (getComputedStyle(node).contentVisibility === 'auto') node.style.contentVisibility = 'visible';
    }
    for (const details of document.querySelectorAll('details')) details.open = true;
  });
}

describe('phones (browser, 360 px)', () => {
  let codeLinesSeen = 0;
  for (const path of everyPage()) {
    test(`${path} does not scroll sideways at 360 px, even unfolded; no code line wraps; table cells keep words whole; the site name fits`, async () => {
      const page = await open(path, 360);
      await renderEverything(page);
      const found = await page.evaluate(() => {
        const broken: string[] = [];
        for (const cell of document.querySelectorAll('.sl-markdown-content :is(td, th)')) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            // In code (a flag, a metric name) nothing may break; in prose, a hyphenated word may
            // break after its hyphen, as print does, but never inside one of its parts.
            const code = Boolean(node.parentElement?.closest('code'));
            const pattern = code ? /[A-Za-z0-9_./:=-]{4,}/g : /[A-Za-z0-9_./:=]+-?/g;
            for (const word of (node.textContent ?? '').matchAll(pattern)) {
              const range = document.createRange();
              range.setStart(node, word.index);
              range.setEnd(node, word.index + word[0].length);
              const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
              if (lines.size > 1) broken.push(word[0]);
            }
          }
        }
        // A terminal or YAML line that wraps reads as two lines (a flag cut after "--", a sibling key):
        // frames scroll instead, so every code line is one line high.
        const wrapped = [...document.querySelectorAll<HTMLElement>('.expressive-code .ec-line')]
          .filter((line) => line.textContent?.trim())
          .filter((line) => {
            const height = Number.parseFloat(getComputedStyle(line.querySelector('.code') ?? line).lineHeight);
            return line.getBoundingClientRect().height > height * 1.5;
          })
          .map((line) => line.textContent?.slice(0, 60));
        const lines = document.querySelectorAll('.expressive-code .ec-line').length;
        // Starlight clips a site name too long for the header: it must fit whole.
        const name = document.querySelector<HTMLElement>('.site-title span');
        const clipped = name ? name.scrollWidth > name.clientWidth + 1 : 'no site name';
        return { width: document.documentElement.scrollWidth, broken, wrapped, lines, clipped };
      });
      expect(found.width).toBeLessThanOrEqual(360);
      expect(found.broken).toEqual([]);
      expect(found.wrapped).toEqual([]);
      expect(found.clipped, 'the site name in the header is clipped').toBe(false);
      codeLinesSeen += found.lines;
      await page.context().close();
    });
  }

  test('the wrap check above saw code: thousands of lines across the site', () => {
    expect(codeLinesSeen).toBeGreaterThan(1000);
  });

  test('a table wider than the screen scrolls and can be reached by keyboard', async () => {
    const page = await open('/storage/volumes/', 360);
    await renderEverything(page);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>('.sl-markdown-content table')].some((table) => table.tabIndex === 0),
    );
    const tables = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.sl-markdown-content table')].map((table) => ({
        wider: table.scrollWidth > table.clientWidth,
        scrolls: getComputedStyle(table).overflowX === 'auto',
        focusable: table.tabIndex === 0,
      })),
    );
    expect(tables.filter((table) => table.wider).length).toBeGreaterThan(0);
    for (const table of tables.filter((candidate) => candidate.wider)) {
      expect(table).toEqual({ wider: true, scrolls: true, focusable: true });
    }
    await page.context().close();
  });

  test('a table that starts to scroll after the page loaded (a late font, new content) becomes reachable by keyboard', async () => {
    const page = await open('/storage/volumes/', 1440);
    await renderEverything(page);
    const index = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.sl-markdown-content table')].findIndex(
        (table) => table.scrollWidth <= table.clientWidth && table.tabIndex === -1,
      ),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    await page.evaluate((at) => {
      const table = document.querySelectorAll<HTMLElement>('.sl-markdown-content table')[at];
      const cell = table?.querySelector('td');
      if (cell) cell.textContent = `${cell.textContent}-${'x'.repeat(400)}`;
    }, index);
    await page.waitForFunction(
      (at) => document.querySelectorAll<HTMLElement>('.sl-markdown-content table')[at]?.tabIndex === 0,
      index,
      { timeout: 5_000 },
    );
    await page.context().close();
  });
});

describe('landing page (browser)', () => {
  for (const [path, other] of [
    ['/', '/zh-cn/'],
    ['/zh-cn/', '/'],
  ] as const) {
    test(`${path} lists every lab as a card with its steps, time and the status of its transcripts`, async () => {
      const page = await open(path, 1280);
      const cards = await page.evaluate(() =>
        [...document.querySelectorAll('.lab-card')].map((card) => ({
          lab: card.getAttribute('data-lab'),
          status: card.querySelector('.status-pill')?.getAttribute('data-status'),
          facts: card.querySelector('.lab-card__facts')?.textContent ?? '',
          href: card.querySelector('h3 a')?.getAttribute('href'),
        })),
      );
      expect(cards.map((card) => card.lab).sort()).toEqual(labs.map((lab) => lab.id).sort());
      for (const lab of labs) {
        const card = cards.find((candidate) => candidate.lab === lab.id);
        expect(card?.status, lab.id).toBe(labStatus(readTranscripts(lab.id)).kind);
        expect(card?.facts, lab.id).toContain(String(lab.steps.length));
        expect(card?.facts, lab.id).toContain(String(lab.duration));
        expect(card?.href?.startsWith(path === '/' ? '/' : '/zh-cn/'), lab.id).toBe(true);
      }
      // The cards come right after the hero: the first block of the content after its heading.
      const position = await page.evaluate(() =>
        [...document.querySelectorAll('.sl-markdown-content > *')].findIndex((node) =>
          node.classList.contains('lab-cards'),
        ),
      );
      expect(position).toBe(1);
      await page.context().close();
    });

    test(`${path} shows a real run in its hero: the summary of a committed transcript`, async () => {
      const page = await open(path, 1280);
      const excerpt = await page.evaluate(() => {
        const figure = document.querySelector('.lab-hero .run-excerpt');
        return {
          lab: figure?.getAttribute('data-lab') ?? '',
          file: figure?.getAttribute('data-transcript') ?? '',
          text: figure?.querySelector('pre')?.textContent ?? '',
        };
      });
      expect(existsSync(join(repoRoot, excerpt.file)), excerpt.file).toBe(true);
      const run = newestPassing(readTranscripts(excerpt.lab));
      expect(run, excerpt.lab).toBeDefined();
      expect(excerpt.file).toContain(run?.startedAt.replace(/[:.]/g, '-'));
      for (const step of run?.steps ?? []) {
        expect(excerpt.text).toMatch(new RegExp(`${step.id}\\s+${step.where}\\s+${step.result}`));
      }
      await page.context().close();
    });

    test(`${path} links to the other language where a phone shows it`, async () => {
      const page = await open(path, 360);
      const link = page.locator(`.lab-hero a[href="${other}"]`);
      await expect.poll(() => link.isVisible()).toBe(true);
      const box = await link.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
      await link.click();
      await page.waitForURL(`${site.base}${other}`);
      expect(await page.getAttribute('html', 'lang')).toBe(other === '/' ? 'en' : 'zh-CN');
      await page.context().close();
    });
  }
});

describe('status pill (browser)', () => {
  test('each lab page shows its status as a pill under the title, linked to what the status means', async () => {
    for (const prefix of ['', '/zh-cn']) {
      const home = await open(`${prefix}/`, 1280);
      const hrefs = new Map(
        await home.evaluate(() =>
          [...document.querySelectorAll('.lab-card')].map(
            (card) => [card.getAttribute('data-lab'), card.querySelector('h3 a')?.getAttribute('href')] as const,
          ),
        ),
      );
      await home.context().close();
      for (const lab of labs) {
        const href = hrefs.get(lab.id);
        const page = await open(href ?? '', 1280);
        const pill = await page.evaluate(() => {
          const title = document.querySelector('h1');
          const node = document.querySelector('.lab-status .status-pill');
          const between = [...document.querySelectorAll('.sl-markdown-content > *')].indexOf(
            node?.closest('.lab-status') as Element,
          );
          return {
            status: node?.getAttribute('data-status'),
            href: node?.getAttribute('href') ?? '',
            firstInContent: between === 0,
            belowTitle: Boolean(
              title && node && node.getBoundingClientRect().top > title.getBoundingClientRect().bottom,
            ),
          };
        });
        expect(pill.status, lab.id).toBe(labStatus(readTranscripts(lab.id)).kind);
        expect(pill.firstInContent && pill.belowTitle, lab.id).toBe(true);
        const [target, fragment] = pill.href.split('#');
        await page.goto(`${site.base}${target}`);
        expect(await page.locator(`[id="${decodeURIComponent(fragment ?? '')}"]`).count(), pill.href).toBe(1);
        await page.context().close();
      }
    }
  });
});
