import type { MdastPluginDefinition, MdastVisitorContext, MdxJsxFlowElement, MdxJsxTextElement } from 'satteri';
import { withBase } from './base.ts';

/**
 * Pages link to each other the way a reader thinks of them, from the site's root: `[the trainer
 * guide](/workshop/trainer-guide/)`, `![…](/diagrams/pki.svg)`. Neither Astro nor Starlight puts the base
 * path in front of such a link, so on a site served under `/repo/` each would lead to a 404. This Sätteri
 * plugin does it at build time, for Markdown links, images and link definitions, and for the `href` and
 * `src` of JSX elements written in MDX (`<a href="/…">`, Starlight's `<LinkCard href="/…">`). Nothing
 * else changes: relative links, anchors and other sites' URLs stay as written.
 */
export function baseLinks(base: string): MdastPluginDefinition | undefined {
  if (base === '/') return undefined;
  const rebase = (url: string) => withBase(url, base);
  const jsx = (node: Readonly<MdxJsxFlowElement | MdxJsxTextElement>, ctx: MdastVisitorContext) => {
    let changed = false;
    const attributes = node.attributes.map((attribute) => {
      if (attribute.type !== 'mdxJsxAttribute' || (attribute.name !== 'href' && attribute.name !== 'src'))
        return attribute;
      if (typeof attribute.value !== 'string' || rebase(attribute.value) === attribute.value) return attribute;
      changed = true;
      return { ...attribute, value: rebase(attribute.value) };
    });
    // Sätteri cannot set a JSX element's attributes in place: put a copy with the new ones in its stead.
    if (changed) ctx.replaceNode(node, { ...node, attributes, children: node.children } as typeof node);
  };
  return {
    name: 'base-links',
    link(node, ctx) {
      if (rebase(node.url) !== node.url) ctx.setProperty(node, 'url', rebase(node.url));
    },
    image(node, ctx) {
      if (rebase(node.url) !== node.url) ctx.setProperty(node, 'url', rebase(node.url));
    },
    definition(node, ctx) {
      if (rebase(node.url) !== node.url) ctx.setProperty(node, 'url', rebase(node.url));
    },
    mdxJsxFlowElement: jsx,
    mdxJsxTextElement: jsx,
  };
}
