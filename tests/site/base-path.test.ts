// The site built as the Pages workflow builds it for a project site, under a base path: FIELDLAB_SITE_URL set
// to https://owner.github.io/fieldlab-base/. The build prints no warning, every reference from the build to
// itself stays under the base and names a file, and in Chromium the links a reader follows and search work.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../labs/kit/paths.ts';
import { astroBuild, type BuildResult, runBuild } from '../../scripts/build-check.ts';
import { siteAddress } from '../../src/lib/site-url.ts';
import { brokenReferences, launchBrowser, serve } from './support.ts';

const SITE_URL = 'https://owner.github.io/fieldlab-base/';
const { site, base } = siteAddress(SITE_URL, 'test');
let out = '';
let build: BuildResult;
let server: Server | undefined;
let browser: Browser | undefined;
let url = '';

/**
 * The environment a build gets from a shell, plus the one setting: without what vitest puts in its own
 * (BASE_URL=/, MODE=test, NODE_ENV=test…), which Vite in the child would take for its own configuration.
 */
function buildEnv(siteUrl = SITE_URL): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FIELDLAB_SITE_URL: siteUrl };
  for (const key of Object.keys(env)) {
    if (/^(BASE_URL|MODE|DEV|PROD|SSR|TEST|NODE_ENV)$|^VITEST/.test(key)) delete env[key];
  }
  return env;
}

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'fieldlab-base-build-'));
  build = await runBuild([...astroBuild, '--outDir', out], { env: buildEnv(), quiet: true });
  if (build.code !== 0) throw new Error(`astro build with FIELDLAB_SITE_URL=${SITE_URL} failed (exit ${build.code})`);
  ({ url, server } = await serve(out, base));
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe(`the site under a base path (${base})`, () => {
  test('the build prints no warning', () => {
    expect(build.warnings).toEqual([]);
  });

  test('every link, asset, canonical and alternate URL and sitemap entry stays under the base and names a file', () => {
    expect(brokenReferences(out, site, base)).toEqual([]);
  });

  /** Opens a page of the build and records every request of ours that failed, from then on. */
  async function open(path: string): Promise<{ page: Page; failed: string[] }> {
    const context = await (browser as Browser).newContext();
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(url) && response.status() >= 400)
        failed.push(`${response.status()} ${response.url()}`);
    });
    const response = await page.goto(`${url}${base}${path}`, { waitUntil: 'networkidle' });
    expect(response?.status(), path).toBe(200);
    return { page, failed };
  }

  test('in Chromium: the home page’s links, the other language and a section index lead to pages', async () => {
    const { page, failed } = await open('');
    const start = page.locator('.lab-hero__actions a').first();
    expect(await start.getAttribute('href')).toBe(`${base}storage/volumes/`);
    await start.click();
    await page.waitForURL(`${url}${base}storage/volumes/`);
    await page.locator(`.status-pill`).first().click();
    await page.waitForURL(`${url}${base}how-labs-work/#what-verified-means`);
    await page.goto(`${url}${base}`);
    await page.locator('.lab-hero__language a').click();
    await page.waitForURL(`${url}${base}zh-cn/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.goto(`${url}${base}zh-cn/storage/`, { waitUntil: 'networkidle' });
    await page.locator('.lab-card__title a').first().click();
    await page.waitForURL(`${url}${base}zh-cn/storage/volumes/`);
    expect(failed).toEqual([]);
    await page.context().close();
  });

  test('in Chromium: a diagram’s full-size link, in each language, opens its file from under the base', async () => {
    for (const [path, name, file] of [
      ['certificates/pki/', 'Open the diagram full size', 'certificates-pki.svg'],
      ['zh-cn/certificates/pki/', '查看大图', 'certificates-pki.zh-cn.svg'],
    ] as const) {
      const { page, failed } = await open(path);
      const link = page.getByRole('link', { name, exact: true });
      expect(await link.getAttribute('href')).toBe(`${base}diagrams/${file}`);
      await link.click();
      await page.waitForURL(`${url}${base}diagrams/${file}`);
      expect(await page.evaluate(() => document.documentElement.localName)).toBe('svg');
      expect(failed).toEqual([]);
      await page.context().close();
    }
  });

  test('in Chromium: search loads its index from under the base and its results open', async () => {
    const { page, failed } = await open('');
    await page.locator('button[data-open-modal]').first().click();
    await page.locator('.pagefind-ui__search-input').first().fill('ReadWriteOncePod');
    const result = page.locator(`dialog .pagefind-ui__result-link[href*="storage/volumes/"]`).first();
    await result.waitFor({ timeout: 15_000 });
    expect(await result.getAttribute('href')).toMatch(new RegExp(`^${base}storage/volumes/`));
    await result.click();
    await page.waitForURL(new RegExp(`^${url}${base}storage/volumes/`));
    expect(failed).toEqual([]);
    await page.context().close();
  });
});

describe('a wrong FIELDLAB_SITE_URL', () => {
  test('stops the build before it starts, with one line that says what is wrong and no stack trace', () => {
    const [file, ...args] = astroBuild;
    const result = spawnSync(file, [...args, '--outDir', join(out, 'never')], {
      cwd: repoRoot,
      env: buildEnv('owner.github.io/repo'),
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'FIELDLAB_SITE_URL is "owner.github.io/repo", which is not an absolute URL (for example https://owner.github.io/repo/)',
    );
    expect(result.stdout).not.toContain('Stack trace');
  });
});
