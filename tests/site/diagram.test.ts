// The PKI diagram on the certificates page, read in Chromium as a reader sees it: labels in the page's
// language, text no smaller than 12 px from a 360 px phone to a 1920 px screen, inside its boxes, readable
// colours in Starlight's light and dark themes, and a keyboard-reachable link to the full-size file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { contrastRatio } from '../../src/lib/contrast.ts';
import { allLines, fileName, MIN_RENDERED, plainText } from '../../src/lib/diagram.ts';
import { getDiagram } from '../../src/lib/diagrams.ts';
import { builtSite } from './built-site.ts';
import { dist } from './support.ts';

const pki = getDiagram('certificates-pki');
const PAGES = [
  { lang: 'en', path: '/certificates/pki/', enlarge: 'Open the diagram full size' },
  { lang: 'zh-cn', path: '/zh-cn/certificates/pki/', enlarge: '查看大图' },
] as const;

const site = builtSite();

async function open(path: string, width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await site.browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  const page = await context.newPage();
  const response = await page.goto(`${site.base}${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  return page;
}

/** The layout the reader sees, and the size its smallest text is rendered at, in CSS px. */
function shown(page: Page) {
  return page.evaluate(() => {
    const visible = [...document.querySelectorAll<SVGSVGElement>('.dg-figure svg.dg')].filter(
      (svg) => svg.getBoundingClientRect().width > 0,
    );
    const svg = visible[0];
    if (!svg || visible.length !== 1) return { count: visible.length, layout: '', smallest: 0, text: '' };
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text, tspan')].map(
      (node) => Number.parseFloat(getComputedStyle(node).fontSize) * scale,
    );
    const text = [...svg.querySelectorAll('text')].map((node) => node.textContent).join('');
    return { count: 1, layout: svg.dataset.layout ?? '', smallest: Math.min(...sizes), text };
  });
}

const squash = (text: string) => text.replace(/\s+/g, '');

describe('the PKI diagram (browser)', () => {
  for (const { lang, path } of PAGES) {
    test(`${path} shows every label in its language, technical names as they are`, async () => {
      const page = await open(path, 1440);
      const { count, text } = await shown(page);
      expect(count).toBe(1);
      const seen = squash(text);
      const missing = allLines(pki)
        .map((line) => plainText(line, lang))
        .filter((label) => !seen.includes(squash(label)));
      expect(missing).toEqual([]);
      // Nothing of the other language's prose: every label written for each language differs on the page.
      const other = lang === 'en' ? 'zh-cn' : 'en';
      const foreign = allLines(pki)
        .filter((line) => typeof line.text !== 'string' && plainText(line, other) !== plainText(line, lang))
        .map((line) => plainText(line, other))
        .filter((label) => seen.includes(squash(label)));
      expect(foreign).toEqual([]);
      expect(text).toContain('kube-apiserver');
      expect(text).toContain('--client-ca-file');
      if (lang === 'zh-cn') expect(text).toMatch(/集群 CA.*签发/);
      await page.context().close();
    });
  }

  for (const width of [360, 390, 768, 1024, 1152, 1280, 1440, 1920]) {
    test(`at ${width} px, in both languages, the smallest label renders at ${MIN_RENDERED} px or more`, async () => {
      for (const { path } of PAGES) {
        const page = await open(path, width);
        const { count, layout, smallest } = await shown(page);
        expect(count, path).toBe(1);
        if (width === 360) expect(layout, path).toBe('narrow');
        if (width === 1440) expect(layout, path).toBe('wide');
        expect(smallest, `${path} (${layout})`).toBeGreaterThanOrEqual(MIN_RENDERED);
        await page.context().close();
      }
    });
  }

  for (const width of [360, 1440]) {
    test(`at ${width} px, every line of text stays inside its box and the diagram inside the column`, async () => {
      for (const { path } of PAGES) {
        const page = await open(path, width);
        const outside = await page.evaluate(() => {
          const svg = [...document.querySelectorAll<SVGSVGElement>('.dg-figure svg.dg')].find(
            (candidate) => candidate.getBoundingClientRect().width > 0,
          ) as SVGSVGElement;
          const found: string[] = [];
          const inside = (node: SVGTextElement, rect: SVGRectElement, margin: number) => {
            const box = node.getBBox();
            const x = rect.x.baseVal.value;
            const y = rect.y.baseVal.value;
            if (
              box.x < x + margin ||
              box.x + box.width > x + rect.width.baseVal.value - margin ||
              box.y < y ||
              box.y + box.height > y + rect.height.baseVal.value
            )
              found.push(node.textContent ?? '');
          };
          const frame = svg.querySelector<SVGRectElement>('.dg-frame') as SVGRectElement;
          for (const node of svg.querySelectorAll<SVGTextElement>('text')) {
            const rect = node.closest('.dg-box')?.querySelector<SVGRectElement>('rect');
            inside(node, rect ?? frame, rect ? 4 : 8);
          }
          const column = document.querySelector('.sl-markdown-content') as HTMLElement;
          if (svg.getBoundingClientRect().right > column.getBoundingClientRect().right + 0.5)
            found.push('(the diagram)');
          return found;
        });
        expect(outside, path).toEqual([]);
        await page.context().close();
      }
    });
  }

  test('Starlight’s theme switch recolours it, and every label keeps 4.5:1 against its box in both themes', async () => {
    for (const { path } of PAGES) {
      const page = await open(path, 1440, 'light');
      const colours = () =>
        page.evaluate(() => {
          const svg = document.querySelector<SVGSVGElement>('.dg-figure svg.dg--wide') as SVGSVGElement;
          const fill = (node: Element) => getComputedStyle(node).fill;
          const frame = svg.querySelector('.dg-frame') as SVGRectElement;
          const pairs = [...svg.querySelectorAll('text')].map((node) => {
            const rect = node.closest('.dg-box')?.querySelector('rect');
            const behind = rect && fill(rect) !== 'none' ? fill(rect) : fill(frame);
            return { text: fill(node), behind, label: node.textContent ?? '' };
          });
          const lines = [...svg.querySelectorAll('.dg-link, .dg-head')].map((node) => getComputedStyle(node).stroke);
          return {
            theme: document.documentElement.dataset.theme,
            frame: fill(frame),
            card: fill(svg.querySelector('.dg-card') as Element),
            text: fill(svg.querySelector('text') as Element),
            pairs,
            lines,
          };
        });
      const light = await colours();
      expect(light.theme).toBe('light');
      await page.locator('starlight-theme-select select').first().selectOption('dark');
      const dark = await colours();
      expect(dark.theme).toBe('dark');
      for (const key of ['frame', 'card', 'text'] as const) expect(dark[key], key).not.toBe(light[key]);
      for (const theme of [light, dark]) {
        const poor = theme.pairs.filter((pair) => contrastRatio(pair.text, pair.behind) < 4.5);
        expect(poor, `${path} ${theme.theme}`).toEqual([]);
        for (const stroke of theme.lines) expect(contrastRatio(stroke, theme.frame)).toBeGreaterThanOrEqual(3);
      }
      await page.context().close();
    }
  });

  for (const { lang, path, enlarge } of PAGES) {
    test(`${path}: "${enlarge}" is a link a keyboard reaches and opens, to the full-size file in its language`, async () => {
      const file = fileName(pki, lang);
      expect(existsSync(join(dist, 'diagrams', file)), file).toBe(true);
      const page = await open(path, 360);
      const link = page.getByRole('link', { name: enlarge, exact: true });
      expect(await link.count()).toBe(1);
      expect(await link.getAttribute('href')).toBe(`/diagrams/${file}`);
      // The long description stays the diagram's accessible name.
      const label = await page
        .getByRole('img', { name: /^(The kubeadm PKI|kubeadm 的 PKI)/ })
        .getAttribute('aria-label');
      expect(label?.length).toBeGreaterThan(400);
      // Tab from the diagram's place in the page reaches the link; Enter opens the file.
      await page.evaluate(() => {
        const before = document.createElement('button');
        before.id = 'before-diagram';
        document.querySelector('.dg-figure')?.before(before);
        before.focus();
      });
      await page.keyboard.press('Tab');
      expect(await link.evaluate((node) => node === document.activeElement)).toBe(true);
      const [response] = await Promise.all([
        page.waitForResponse((candidate) => candidate.url().endsWith(`/diagrams/${file}`)),
        page.keyboard.press('Enter'),
      ]);
      await page.waitForURL(`${site.base}/diagrams/${file}`);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toMatch(/^image\/svg\+xml/);
      const opened = await page.evaluate(() => ({
        root: document.documentElement.localName,
        title: document.title,
        text: document.documentElement.textContent ?? '',
      }));
      expect(opened.root).toBe('svg');
      expect(opened.title).toBe(pki.title[lang]);
      for (const line of allLines(pki).slice(0, 3))
        expect(squash(opened.text)).toContain(squash(plainText(line, lang)));
      await page.context().close();
    });
  }

  test('the full-size file follows the system’s light or dark theme', async () => {
    const fills: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open(`/diagrams/${fileName(pki, 'en')}`, 1280, colorScheme);
      fills.push(await page.evaluate(() => getComputedStyle(document.querySelector('.dg-frame') as Element).fill));
      const pairs = await page.evaluate(() =>
        [...document.querySelectorAll('text')].map((node) => {
          const rect = node.closest('.dg-box')?.querySelector('rect');
          const frame = document.querySelector('.dg-frame') as Element;
          const behind = rect && getComputedStyle(rect).fill !== 'none' ? rect : frame;
          return [getComputedStyle(node).fill, getComputedStyle(behind).fill] as const;
        }),
      );
      for (const [text, behind] of pairs) expect(contrastRatio(text, behind)).toBeGreaterThanOrEqual(4.5);
      await page.context().close();
    }
    expect(fills[0]).not.toBe(fills[1]);
  });
});
