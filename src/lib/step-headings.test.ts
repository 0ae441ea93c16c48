import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type HastPluginDefinition, mdxToJs } from 'satteri';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../../labs/kit/paths.ts';
import { loadLab } from '../../labs/kit/registry.ts';
import { langOfFile, stepHeadings } from './step-headings.ts';

interface Heading {
  tag: string;
  id: unknown;
  text: string;
}

/** Compiles an MDX page as if it sat at `file` and returns its headings, in order. */
async function headingsOf(source: string, file: string): Promise<{ headings: Heading[]; code: string }> {
  const headings: Heading[] = [];
  const collect: HastPluginDefinition = {
    name: 'collect-headings',
    element: {
      filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
      visit(node, ctx) {
        headings.push({ tag: node.tagName, id: node.properties?.id, text: ctx.textContent(node) });
      },
    },
  };
  const result = await mdxToJs(source, {
    mdastPlugins: [stepHeadings()],
    hastPlugins: [collect],
    fileURL: pathToFileURL(join(repoRoot, 'src', 'content', 'docs', file)),
  });
  return { headings, code: result.code };
}

const page = `import LabStep from '~/components/LabStep.astro';

## Concepts

Prose.

## Two namespaces

Why.

<LabStep lab="storage" step="create-namespaces" />

What you see.

<LabStep lab="storage" step="share-emptydir" />
`;

describe('step headings', () => {
  test('each <LabStep> gets an h3 under its h2 section: "N. title", anchored at step-<id>', async () => {
    const storage = await loadLab('storage');
    const { headings } = await headingsOf(page, 'storage/volumes.mdx');
    expect(headings).toEqual([
      { tag: 'h2', id: undefined, text: 'Concepts' },
      { tag: 'h2', id: undefined, text: 'Two namespaces' },
      { tag: 'h3', id: 'step-create-namespaces', text: `1. ${storage.steps[0]?.title.en}` },
      { tag: 'h3', id: 'step-share-emptydir', text: `2. ${storage.steps[1]?.title.en}` },
    ]);
  });

  test('a Chinese page gets the Chinese titles, with the same anchors', async () => {
    const storage = await loadLab('storage');
    const { headings } = await headingsOf(page, 'zh-cn/storage/volumes.mdx');
    expect(headings.slice(2)).toEqual([
      { tag: 'h3', id: 'step-create-namespaces', text: `1. ${storage.steps[0]?.title['zh-cn']}` },
      { tag: 'h3', id: 'step-share-emptydir', text: `2. ${storage.steps[1]?.title['zh-cn']}` },
    ]);
  });

  test('a step under an h3 stays an h3, so that the table of contents still lists it', async () => {
    const nested = page.replace('## Two namespaces', '## Steps\n\n### Two namespaces');
    const { headings } = await headingsOf(nested, 'storage/volumes.mdx');
    expect(headings.filter((heading) => String(heading.id).startsWith('step-')).map((heading) => heading.tag)).toEqual([
      'h3',
      'h3',
    ]);
  });

  test('the "steps" anchor sits before the section of the first step', async () => {
    const { code } = await headingsOf(page, 'storage/volumes.mdx');
    const anchor = code.indexOf('id: "steps"');
    expect(anchor).toBeGreaterThan(code.indexOf('"Concepts"'));
    expect(anchor).toBeLessThan(code.indexOf('"Two namespaces"'));
  });

  test('a step the lab does not have fails the build with the page and the step named', async () => {
    await expect(headingsOf('<LabStep lab="storage" step="no-such-step" />\n', 'storage/volumes.mdx')).rejects.toThrow(
      /storage[/\\]volumes\.mdx: <LabStep lab="storage" step="no-such-step" \/>: lab storage has no such step/,
    );
  });

  test('pages under docs/zh-cn/ are Chinese, every other page English', () => {
    expect(langOfFile('/repo/src/content/docs/zh-cn/storage/volumes.mdx')).toBe('zh-cn');
    expect(langOfFile('/repo/src/content/docs/storage/volumes.mdx')).toBe('en');
  });
});
