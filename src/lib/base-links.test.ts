import { type HastPluginDefinition, mdxToJs } from 'satteri';
import { describe, expect, test } from 'vitest';
import { withBase, withoutBase } from './base.ts';
import { baseLinks } from './base-links.ts';

describe('base path helpers', () => {
  test('withBase puts the base in front of a path from the root, and leaves everything else alone', () => {
    expect(withBase('/zh-cn/how-labs-work/', '/repo/')).toBe('/repo/zh-cn/how-labs-work/');
    expect(withBase('/', '/repo/')).toBe('/repo/');
    expect(withBase('/storage/', '/')).toBe('/storage/');
    for (const other of ['#steps', 'https://kubernetes.io/', '//cdn.example/x', '../x/', 'mailto:a@b'])
      expect(withBase(other, '/repo/')).toBe(other);
  });

  test('withoutBase reads a URL path as if the site lived at the root', () => {
    expect(withoutBase('/repo/zh-cn/storage/', '/repo/')).toBe('/zh-cn/storage/');
    expect(withoutBase('/repo/', '/repo/')).toBe('/');
    expect(withoutBase('/repo', '/repo/')).toBe('/');
    expect(withoutBase('/zh-cn/', '/')).toBe('/zh-cn/');
    expect(withoutBase('/repository/', '/repo/')).toBe('/repository/');
  });
});

/** The href of every <a> and the src of every <img> an MDX page compiles to. */
async function urlsOf(source: string, base: string): Promise<string[]> {
  const urls: string[] = [];
  const collect: HastPluginDefinition = {
    name: 'collect-urls',
    element: {
      filter: ['a', 'img'],
      visit(node) {
        urls.push(String(node.properties?.href ?? node.properties?.src));
      },
    },
  };
  const plugin = baseLinks(base);
  const result = await mdxToJs(source, { mdastPlugins: plugin ? [plugin] : [], hastPlugins: [collect] });
  // JSX elements are not hast elements: read their attributes from the compiled code.
  for (const match of result.code.matchAll(/(?:href|src): "([^"]*)"/g)) urls.push(match[1] as string);
  return urls;
}

const page = `See [the trainer guide](/workshop/trainer-guide/) and [its section](/how-labs-work/#what-you-need).

![The PKI](/diagrams/certificates-pki.svg)

Also [a definition][def], [Kubernetes](https://kubernetes.io/), [below](#steps) and [a sibling](../pki/).

[def]: /zh-cn/storage/volumes/

<a href="/monitoring/blackbox/">an **anchor**</a>

Inline: <a href="/audit/logging/">audit</a>, and a card: <LinkCard href="/istio/setup/" title="Istio" />.
`;

describe('base links (Sätteri plugin)', () => {
  test('under /repo/, every link and image written from the root gets the base; nothing else changes', async () => {
    const urls = await urlsOf(page, '/repo/');
    expect(urls).toEqual(
      expect.arrayContaining([
        '/repo/workshop/trainer-guide/',
        '/repo/how-labs-work/#what-you-need',
        '/repo/diagrams/certificates-pki.svg',
        '/repo/zh-cn/storage/volumes/',
        'https://kubernetes.io/',
        '#steps',
        '../pki/',
        '/repo/monitoring/blackbox/',
        '/repo/audit/logging/',
        '/repo/istio/setup/',
      ]),
    );
    expect(urls.filter((url) => url.startsWith('/') && !url.startsWith('/repo/'))).toEqual([]);
  });

  test('at the root, the plugin is not even loaded', async () => {
    expect(baseLinks('/')).toBeUndefined();
    expect(await urlsOf(page, '/')).toContain('/workshop/trainer-guide/');
  });
});
