import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, requireBuild, serve } from './support.ts';

// Kept out of support.ts, which `npm run bench` imports outside vitest.
/**
 * The built site served on loopback and a browser, for the tests of one file: started before them and
 * stopped after them. Read `browser` and `base` inside tests (they are set once the hooks have run).
 */
export function builtSite(): { readonly browser: Browser; readonly base: string } {
  const site = { browser: undefined as Browser | undefined, base: '', server: undefined as Server | undefined };
  beforeAll(async () => {
    requireBuild();
    ({ url: site.base, server: site.server } = await serve());
    site.browser = await launchBrowser();
  });
  afterAll(async () => {
    await site.browser?.close();
    site.server?.close();
  });
  return {
    get browser() {
      if (!site.browser) throw new Error('builtSite(): the browser starts in beforeAll; use it inside a test');
      return site.browser;
    },
    get base() {
      return site.base;
    },
  };
}
