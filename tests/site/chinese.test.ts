// The Chinese pages, read in Chromium as a reader sees them: no English colon or comma right after a
// Chinese character, and no space next to a Chinese quotation mark, in the visible text, on a phone and on
// a desktop, with every fold open. Code, commands and keys keep their own punctuation and are left out.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { asciiPunctuationAfterChinese, spaceAroundChineseQuotes } from '../../src/lib/zh-punctuation.ts';
import { builtSite } from './built-site.ts';
import { everyPage } from './support.ts';

const site = builtSite();

/** The page's rendered text with everything unfolded and each code, pre and kbd element replaced by a mark. */
async function visibleProse(path: string, width: number): Promise<string> {
  const context = await site.browser.newContext({ viewport: { width, height: 900 } });
  const page: Page = await context.newPage();
  const response = await page.goto(`${site.base}${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  const text = await page.evaluate(() => {
    for (const node of document.querySelectorAll<HTMLElement>('*')) {
      if (getComputedStyle(node).contentVisibility === 'auto') node.style.contentVisibility = 'visible';
    }
    for (const details of document.querySelectorAll('details')) details.open = true;
    // A mark, not nothing: "级别`x`: " must not read as "级别: ".
    for (const code of document.querySelectorAll('code, pre, kbd')) code.replaceWith('\u25a1');
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, without what CSS hides, is the point.
    return document.body.innerText;
  });
  await context.close();
  return text;
}

describe('Chinese punctuation (browser)', () => {
  for (const path of everyPage().filter((candidate) => candidate.startsWith('/zh-cn/'))) {
    test(`${path} has no ASCII ": " or ", " right after a Chinese character, nor a space next to “ ”, in its visible text`, async () => {
      for (const width of [360, 1280]) {
        const text = await visibleProse(path, width);
        expect(text.match(/\p{Script=Han}/gu)?.length ?? 0, `${path} at ${width} px reads as Chinese`).toBeGreaterThan(
          100,
        );
        expect(asciiPunctuationAfterChinese(text), `${path} at ${width} px`).toEqual([]);
        expect(spaceAroundChineseQuotes(text), `${path} at ${width} px: quotes`).toEqual([]);
      }
    });
  }
});
