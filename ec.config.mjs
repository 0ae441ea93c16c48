// @ts-check
// Expressive Code options live here, not in astro.config.mjs: the <Code> component reads this file,
// and a plugin (a function) cannot travel through the serialized integration options.
import { defineEcConfig } from '@astrojs/starlight/expressive-code';

/**
 * Code never wraps, so a block can scroll sideways, and a region that scrolls must be reachable by
 * keyboard (WCAG 2.1.1; axe: scrollable-region-focusable). Expressive Code's script makes a block
 * focusable once it has measured it, which never happens while a step is off screen
 * (content-visibility: auto). Every block starts focusable; the script drops that from blocks that fit.
 * @type {import('@astrojs/starlight/expressive-code').ExpressiveCodePlugin}
 */
const focusableBlocks = {
  name: 'focusable-blocks',
  hooks: {
    postprocessRenderedBlock({ renderData }) {
      /** @param {import('@astrojs/starlight/expressive-code/hast').Parents} node */
      const visit = (node) => {
        for (const child of node.children) {
          if (child.type !== 'element') continue;
          if (child.tagName === 'pre') child.properties.tabIndex = 0;
          else visit(child);
        }
      };
      visit(renderData.blockAst);
    },
  },
};

export default defineEcConfig({
  themes: ['github-dark', 'github-light'],
  styleOverrides: { borderRadius: '0.4rem' },
  // Commands and YAML never wrap: a wrapped flag or key reads as a new one. Long lines scroll.
  defaultProps: { wrap: false },
  plugins: [focusableBlocks],
});
