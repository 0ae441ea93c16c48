// @ts-check
import { satteri } from '@astrojs/markdown-satteri';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import pkg from './package.json' with { type: 'json' };
import { baseLinks } from './src/lib/base-links.ts';
import { sidebar } from './src/lib/sections.ts';
import { configuredSite } from './src/lib/site-url.ts';
import { stepHeadings } from './src/lib/step-headings.ts';

// One setting says where the site lives: FIELDLAB_SITE_URL (the Pages workflow sets it), else package.json's
// "homepage". Its origin starts canonical URLs and the sitemap; its path is the base every link goes under.
const { site, base } = (() => {
  try {
    return configuredSite(process.env, pkg.homepage);
  } catch (error) {
    // A wrong setting is the reader's to fix: one line, no stack trace.
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
})();

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  // Every <LabStep> of a page gets a real Markdown heading, so the table of contents lists the steps;
  // links written from the site's root get the base path.
  markdown: { processor: satteri({ mdastPlugins: [stepHeadings(), baseLinks(base)] }) },
  vite: {
    build: {
      rolldownOptions: {
        onwarn(warning, warn) {
          // Known and harmless: Astro marks each content entry's asset module with the directive
          // "use astro:head-inject", and Rolldown warns that bundling may drop a module-level directive.
          // Astro does not need it to survive (it finds these modules by their ?astroPropagatedAssets id);
          // upstream: https://github.com/withastro/astro/issues/18087. Every other warning is shown.
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use astro:head-inject"')) return;
          warn(warning);
        },
      },
    },
  },
  integrations: [
    starlight({
      title: { en: 'Kubernetes Field Labs', 'zh-CN': 'Kubernetes 实战实验室' },
      description:
        'Kubernetes operations, learned by doing: every article is a lab that runs and checks itself on kind.',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      lastUpdated: false,
      // Our own 404 page (src/pages/404.astro), in both languages.
      disable404Route: true,
      // A page titled with the site's own name is titled once (src/route-data.ts).
      routeMiddleware: './src/route-data.ts',
      pagination: true,
      customCss: ['./src/styles/lab.css'],
      head: [
        {
          // A table that scrolls sideways on a narrow screen must be reachable by keyboard
          // (WCAG 2.1.1; axe scrollable-region-focusable): make exactly those focusable.
          tag: 'script',
          content:
            // Re-judged whenever a table or its rows change size (a fallback font that arrives after load, the
            // window), not only at load: a table that starts to scroll later must become focusable too.
            "addEventListener('DOMContentLoaded',()=>{const ts=[...document.querySelectorAll('.sl-markdown-content table')];const f=t=>{t.tabIndex=t.scrollWidth>t.clientWidth?0:-1};const o=new ResizeObserver(es=>{for(const e of es)f(e.target.closest('table'))});for(const t of ts){f(t);o.observe(t);for(const c of t.children)o.observe(c)}})",
        },
      ],
      // Lighter tables of contents: Starlight's own observes every block of a page,
      // which costs a long lab article ~300 ms of main-thread time (see src/components/toc/toc.ts).
      components: {
        Hero: './src/components/overrides/Hero.astro',
        TableOfContents: './src/components/toc/TableOfContents.astro',
        MobileTableOfContents: './src/components/toc/MobileTableOfContents.astro',
        // Starlight's footer plus one line with the licenses.
        Footer: './src/components/overrides/Footer.astro',
      },
      // One group per section of src/lib/sections.ts, each with its own index page (src/pages/[section]/).
      sidebar: sidebar(),
    }),
  ],
});
