import { describe, expect, test } from 'vitest';
import { runBuild, warningsIn } from './build-check.ts';

// What `astro build` printed before its warnings were dealt with (issue 12), and what a green build prints.
const WARNED = `12:35:53 [build] Building static entrypoints...
12:35:57 [WARN] [vite] \u001b[33m[MODULE_LEVEL_DIRECTIVE] \u001b[0mThe semantics of the module level directive "use astro:head-inject" in "src/content/docs/index.mdx?astroPropagatedAssets" may not be preserved when bundling.
   ╭─[ src/content/docs/index.mdx?astroPropagatedAssets:2:6 ]
12:35:57   ├─ /404.html12:35:58 [WARN] [content] Entry docs → 404 was not found.
(node:4242) [DEP0040] DeprecationWarning: The \`punycode\` module is deprecated.
Warning: something a tool printed on its own
12:36:06 [build] Complete!`;

const GREEN = `12:41:48   ├─ /troubleshooting/index.html (+4ms)
12:41:51 [starlight:pagefind] Found 39 HTML files.
12:41:52 [@astrojs/sitemap] \`sitemap-index.xml\` created at \`dist\`
12:41:52 [build] Complete!`;

describe('build warnings', () => {
  test('every kind of warning line is found, without its colours', () => {
    expect(warningsIn(WARNED)).toEqual([
      '12:35:57 [WARN] [vite] [MODULE_LEVEL_DIRECTIVE] The semantics of the module level directive "use astro:head-inject" in "src/content/docs/index.mdx?astroPropagatedAssets" may not be preserved when bundling.',
      '12:35:57   ├─ /404.html12:35:58 [WARN] [content] Entry docs → 404 was not found.',
      '(node:4242) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.',
      'Warning: something a tool printed on its own',
    ]);
  });

  test('a green build has none', () => {
    expect(warningsIn(GREEN)).toEqual([]);
  });

  test('a build command is run, and its exit code and warnings returned', async () => {
    const print = (text: string, code: number) => [
      process.execPath,
      '-e',
      `console.log(${JSON.stringify(text)}); console.error("12:00:00 [build] done"); process.exit(${code})`,
    ];
    expect(await runBuild(print('12:00:00 [WARN] [vite] a new warning', 0), { quiet: true })).toEqual({
      code: 0,
      warnings: ['12:00:00 [WARN] [vite] a new warning'],
    });
    expect(await runBuild(print('12:00:00 [build] Complete!', 3), { quiet: true })).toEqual({ code: 3, warnings: [] });
  });
});
