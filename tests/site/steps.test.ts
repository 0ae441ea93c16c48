// Lab steps on the built pages, read in Chromium: each step is a numbered heading in the table of
// contents, shows what the newest passing run printed and what each check concluded, and folds
// what is long. Expectations come from the lab definitions and the transcripts, not from the pages.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkCommand } from '../../labs/kit/checks.ts';
import { repoRoot } from '../../labs/kit/paths.ts';
import { loadAllLabs } from '../../labs/kit/registry.ts';
import type { Lab } from '../../labs/kit/schema.ts';
import { newestPassing } from '../../labs/kit/stale.ts';
import { readTranscripts } from '../../labs/kit/transcript.ts';
import { readPages, stepUses } from '../../labs/kit/validate/pages.ts';
import { builtSite } from './built-site.ts';
import { htmlOf } from './support.ts';

const site = builtSite();
let labs: Lab[] = [];
const pages = readPages(join(repoRoot, 'src', 'content', 'docs'));

/** Every page that renders lab steps, in both languages, with the steps it renders. */
const labPages = pages.en
  .filter((page) => stepUses(page.text).length > 0)
  .flatMap((page) => [
    { path: `/${page.slug}/`, lang: 'en' as const, uses: stepUses(page.text) },
    { path: `/zh-cn/${page.slug}/`, lang: 'zh-cn' as const, uses: stepUses(page.text) },
  ]);

beforeAll(async () => {
  labs = await loadAllLabs();
});

async function open(path: string, width = 1280): Promise<Page> {
  const context = await site.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const response = await page.goto(`${site.base}${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  return page;
}

function labOf(id: string): Lab {
  const lab = labs.find((candidate) => candidate.id === id);
  if (!lab) throw new Error(`no lab ${id}`);
  return lab;
}

/** Lets the browser render what a reader would eventually scroll to (content-visibility: auto). */
function renderEverything(page: Page): Promise<void> {
  return page.evaluate(() => {
    for (const node of document.querySelectorAll<HTMLElement>('*')) {
      if (getComputedStyle(node).contentVisibility === 'auto') node.style.contentVisibility = 'visible';
    }
  });
}

// One page per language and width, opened once: each test below reads it without changing it,
// except the last, which unfolds.
for (const { path, lang, uses } of labPages) {
  describe(`${path} (browser)`, () => {
    let page: Page;
    let phone: Page;

    beforeAll(async () => {
      page = await open(path);
      phone = await open(path, 360);
      await renderEverything(phone);
    });

    afterAll(async () => {
      await page?.context().close();
      await phone?.context().close();
    });

    test('every step is a numbered heading listed in the table of contents, right before its commands', async () => {
      const found = await page.evaluate(() => ({
        toc: [...document.querySelectorAll('nav[aria-labelledby="starlight__on-this-page"] a')].map((link) =>
          link.getAttribute('href'),
        ),
        headings: [...document.querySelectorAll('.lab-step__heading')].map((heading) => ({
          id: heading.id,
          tag: heading.tagName,
          text: heading.textContent?.trim(),
          // Starlight wraps a heading with its anchor link; the step's section follows the wrapper.
          next: (heading.closest('.sl-heading-wrapper') ?? heading).nextElementSibling?.getAttribute('data-step'),
        })),
      }));
      expect(found.headings.map((heading) => heading.id)).toEqual(uses.map((use) => `step-${use.step}`));
      for (const use of uses) {
        const lab = labOf(use.lab);
        const index = lab.steps.findIndex((step) => step.id === use.step);
        const heading = found.headings.find((candidate) => candidate.id === `step-${use.step}`);
        expect(heading?.tag, use.step).toMatch(/^H[23]$/);
        expect(heading?.text, use.step).toBe(`${index + 1}. ${lab.steps[index]?.title[lang]}`);
        expect(heading?.next, use.step).toBe(use.step);
        expect(found.toc, use.step).toContain(`#step-${use.step}`);
      }
    });

    test('the step list and the "jump to the steps" link lead to the steps of the page', async () => {
      const found = await page.evaluate(() => {
        const jump = document.querySelector('.lab-meta__jump a')?.getAttribute('href') ?? '';
        const target = document.getElementById(jump.slice(1));
        const first = document.querySelector('.lab-step__heading');
        return {
          list: [...document.querySelectorAll('.lab-meta__steps ol a')].map((link) => link.getAttribute('href')),
          // The anchor sits before the first step's section, so nothing of the steps is skipped.
          jumpBeforeFirstStep: Boolean(
            target && first && target.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING,
          ),
        };
      });
      expect(found.list).toEqual(uses.map((use) => `#step-${use.step}`));
      expect(found.jumpBeforeFirstStep).toBe(true);
    });

    test('no step frame is titled with the step id', async () => {
      const repeated = await page.evaluate(() =>
        [...document.querySelectorAll('section.lab-step')].flatMap((section) =>
          [...section.querySelectorAll('.expressive-code figcaption .title')]
            .map((title) => title.textContent?.trim())
            .filter((title) => title === section.getAttribute('data-step')),
        ),
      );
      expect(repeated).toEqual([]);
    });

    test("every step shows the newest passing run's output and each check's verdict, or says it has none", async () => {
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll('section.lab-step')].map((section) => ({
          step: section.getAttribute('data-step'),
          date: section.querySelector('.lab-step__recorded')?.getAttribute('data-recorded') ?? null,
          output: section.querySelector('.lab-output')?.textContent ?? null,
          none: section.querySelector('.lab-step__no-recording')?.textContent?.trim() ?? null,
          notRun: section.querySelector('.lab-step__not-run')?.textContent?.trim() ?? null,
          verdicts: [...section.querySelectorAll('.lab-step__checks li')].map((item) =>
            item.getAttribute('data-verdict'),
          ),
        })),
      );
      for (const use of uses) {
        const step = labOf(use.lab).steps.find((candidate) => candidate.id === use.step);
        const run = newestPassing(readTranscripts(use.lab));
        const recorded = run?.steps.find((candidate) => candidate.id === use.step && candidate.result !== 'skipped');
        const on = shown.find((candidate) => candidate.step === use.step);
        if (!run || !recorded || !step) {
          expect(on?.none, use.step).toBeTruthy();
          expect(on?.output, use.step).toBeNull();
          continue;
        }
        if (recorded.result === 'not-run') {
          // A step its platform could not give what it needs: the reason, never output, every check "not run".
          expect(on?.notRun, use.step).toMatch(
            /^(Not run on the source-built platform|这一步没有在源码构建的平台上运行)/,
          );
          expect(on?.output, use.step).toBeNull();
          expect(on?.verdicts, use.step).toEqual(step.checks.map(() => 'not-run'));
          continue;
        }
        expect(on?.notRun, use.step).toBeNull();
        expect(on?.date, use.step).toBe(run.startedAt.slice(0, 10));
        for (const command of recorded.commands) {
          expect(on?.output, use.step).toContain(`$ ${command.command}`);
          const firstLine = `${command.stdout}${command.stderr}`.trim().split('\n')[0];
          if (firstLine) expect(on?.output, use.step).toContain(firstLine);
        }
        const expected = step.checks.map((check) => {
          const seen = recorded.checks.find((candidate) => candidate.command === checkCommand(check));
          if (!seen) return 'not-recorded';
          if (seen.notRun !== undefined) return 'not-run';
          return seen.ok ? 'passed' : 'failed';
        });
        expect(on?.verdicts, use.step).toEqual(expected);
      }
    });

    test('a check that was not run says why under it, once per reason; its verdict stays a short pill', async () => {
      const checks = await page.evaluate(() =>
        [...document.querySelectorAll('.lab-step__checks li[data-verdict="not-run"]')].map((item) => ({
          pill: item.querySelector('.lab-verdict')?.textContent?.trim() ?? '',
          pillLines: Math.round(
            (item.querySelector('.lab-verdict')?.getBoundingClientRect().height ?? 0) /
              Number.parseFloat(getComputedStyle(item.querySelector('.lab-verdict') as Element).lineHeight),
          ),
          why: item.querySelector('.lab-check__why')?.textContent?.trim() ?? '',
        })),
      );
      for (const check of checks) {
        expect(check.pill).toBe(lang === 'en' ? '– not run' : '– 未运行');
        expect(check.pillLines).toBe(1);
        expect(check.why).toMatch(
          lang === 'en' ? /^Not run(: .{20,}|, for the same reason)/ : /^未运行(：.{10,}|，原因同上)/,
        );
      }
    });

    test('recorded output longer than 20 lines is folded, shorter output is not', async () => {
      const outputs = await page.evaluate(() =>
        [...document.querySelectorAll('.lab-output')].map((node) => ({
          lines: (node.textContent ?? '').split('\n').length,
          inFold: Boolean(node.closest('.fold--output')),
        })),
      );
      for (const output of outputs) expect(output.inFold, `${output.lines} lines`).toBe(output.lines > 20);
    });

    test('the copy button sits above the code at 360 px, never over its first line', async () => {
      const covered = await phone.evaluate(() =>
        [...document.querySelectorAll('.lab-step .expressive-code, .lab-meta .expressive-code')]
          .map((frame) => ({
            button: frame.querySelector('.copy button')?.getBoundingClientRect(),
            code: frame.querySelector('pre')?.getBoundingClientRect(),
            text: frame.querySelector('.ec-line')?.textContent?.slice(0, 40),
          }))
          .filter(({ button, code }) => button && code && button.height > 0 && button.bottom > code.top + 1)
          .map(({ text }) => text),
      );
      expect(covered).toEqual([]);
    });

    test('a lab file longer than 25 lines shows its first lines, and its control unfolds it', async () => {
      const frames = await page.evaluate(() =>
        [...document.querySelectorAll('.lab-step .expressive-code, .lab-file .expressive-code')]
          .filter((frame) => frame.querySelector('.has-title'))
          .map((frame) => ({
            lines: frame.querySelectorAll('.ec-line').length,
            inFold: Boolean(frame.closest('.fold--file')),
          })),
      );
      for (const frame of frames) expect(frame.inFold, `a file of ${frame.lines} lines`).toBe(frame.lines > 25);
      const fold = page.locator('.fold--file').first();
      if ((await fold.count()) === 0) return;
      await fold.scrollIntoViewIfNeeded();
      const pre = fold.locator('pre').first();
      const size = () => pre.evaluate((node) => ({ shown: node.clientHeight, whole: node.scrollHeight }));
      const before = await size();
      expect(before.shown).toBeLessThan(before.whole / 1.2);
      await fold.locator('summary').click();
      const after = await size();
      expect(after.shown).toBeGreaterThanOrEqual(after.whole - 1);
    });
  });
}

describe('links to steps (browser, 1440 px)', () => {
  for (const path of ['/storage/volumes/', '/zh-cn/certificates/pki/']) {
    test(`on ${path}, a link to a step lands on its heading, followed on the page or opened directly`, async () => {
      const context = await site.browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${site.base}${path}`, { waitUntil: 'load' });
      const top = (id: string) =>
        page.evaluate((target) => document.getElementById(target)?.getBoundingClientRect().top ?? -1, id);
      const ids = await page.evaluate(() =>
        [...document.querySelectorAll('.lab-meta__steps ol a')].map((link) => link.getAttribute('href')?.slice(1)),
      );
      // Far down the page, where the estimated heights of the steps before it add up.
      const id = ids[Math.floor(ids.length * 0.7)] as string;
      const placed = (at: number) => at >= 0 && at < 150;
      await page.click(`.lab-meta__steps a[href="#${id}"]`);
      await expect.poll(async () => placed(await top(id)), { timeout: 5000 }).toBe(true);
      const opened = await context.newPage();
      await opened.goto(`${site.base}${path}#${id}`, { waitUntil: 'load' });
      await expect
        .poll(
          async () =>
            placed(
              await opened.evaluate((target) => document.getElementById(target)?.getBoundingClientRect().top ?? -1, id),
            ),
          { timeout: 5000 },
        )
        .toBe(true);
      await context.close();
    });
  }
});

test('the fold tests above had long files to fold', () => {
  expect(labPages.filter(({ path }) => htmlOf(path.slice(1)).includes('fold--file')).length).toBeGreaterThan(0);
});
