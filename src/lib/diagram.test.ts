import { describe, expect, test } from 'vitest';
import { contrastRatio } from './contrast.ts';
import {
  type Diagram,
  draw,
  fileName,
  fileSvg,
  inlineSvg,
  MIN_FONT,
  MIN_RENDERED,
  NARROW_MAX,
  PALETTES,
  pageCss,
  textWidth,
  WIDE_FROM,
  wrap,
} from './diagram.ts';
import { DIAGRAMS, getDiagram } from './diagrams.ts';

/** The lines `wrap` makes, as strings. */
const lines = (text: string, width: number, style: Parameters<typeof wrap>[1] = 'who') =>
  wrap(text, style, width).map((line) => line.map((token) => token.text).join(''));

describe('wrapping', () => {
  test('breaks at spaces and never inside a word', () => {
    const text = 'kube-apiserver → extension API servers';
    const width = textWidth('kube-apiserver → extension', 'who') + 1;
    expect(lines(text, width)).toEqual(['kube-apiserver → extension', 'API servers']);
  });

  test('code breaks after a comma, never inside a command', () => {
    const text = 'run `kubeadm certs renew all` then `--cert-file, --key-file`';
    const out = lines(text, textWidth('`kubeadm certs renew all`', 'who') + 1);
    expect(out).toEqual(['run', 'kubeadm certs renew all', 'then --cert-file,', '--key-file']);
  });

  test('Chinese breaks between characters, but not before closing or after opening punctuation', () => {
    const width = textWidth('kube-apiserver → kubelet', 'who') + 1;
    // The break falls before 「（」 would leave it alone at a line's end: it moves down with 「logs」.
    expect(lines('kube-apiserver → kubelet（logs、exec）', width)).toEqual([
      'kube-apiserver → kubelet',
      '（logs、exec）',
    ]);
    const narrow = textWidth('校验这些', 'who') + 1;
    expect(lines('校验这些令牌，然后', narrow)).toEqual(['校验这些', '令牌，然', '后']);
  });

  test('a word wider than its box is an error that names it', () => {
    expect(() => wrap('`--service-account-signing-key-file`', 'note', 100)).toThrow(
      'diagram text "--service-account-signing-key-file" is wider than its box',
    );
  });

  test('an unmatched backtick is an error', () => {
    expect(() => wrap('see `this', 'note', 500)).toThrow('unmatched backtick');
  });
});

describe('the site’s diagrams', () => {
  for (const diagram of Object.values(DIAGRAMS)) {
    for (const lang of ['en', 'zh-cn'] as const) {
      test(`${diagram.name} (${lang}) fits both layouts, each word inside its box`, () => {
        expect(draw(diagram, lang, 'wide').width).toBe(720);
        expect(draw(diagram, lang, 'narrow').width).toBe(340);
      });
    }
  }

  test('a diagram that is not there is a one-line error listing those that are', () => {
    expect(() => getDiagram('nope')).toThrow('no diagram "nope": the diagrams are certificates-pki');
  });

  test('each language has its own full-size file, with its title and its labels', () => {
    const pki = getDiagram('certificates-pki');
    expect(fileName(pki, 'en')).toBe('certificates-pki.svg');
    expect(fileName(pki, 'zh-cn')).toBe('certificates-pki.zh-cn.svg');
    const zh = fileSvg(pki, 'zh-cn');
    expect(zh).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* lang="zh-CN"/);
    expect(zh).toContain('<title>kubeadm 的 PKI：三个 CA 及各自签发的证书</title>');
    expect(zh).toContain('集群 CA');
    expect(zh).not.toContain('Cluster CA');
    expect(fileSvg(pki, 'en')).toContain('Cluster CA');
  });

  test('text is escaped for XML, in labels and in the accessible name', () => {
    const diagram: Diagram = {
      name: 'x',
      title: { en: 'a < b', 'zh-cn': 'a < b' },
      heading: [{ style: 'title', text: 'A & B <C>' }],
      columns: [[], []],
      footer: [],
    };
    expect(fileSvg(diagram, 'en')).toContain('<title>a &lt; b</title>');
    expect(fileSvg(diagram, 'en')).toContain('A &amp; B &lt;C&gt;');
    expect(inlineSvg(diagram, 'en', 'wide', 'say "hi" & <go>', false)).toContain(
      'aria-label="say &quot;hi&quot; &amp; &lt;go&gt;"',
    );
  });
});

describe('sizes and colours', () => {
  test('no layout is shown at a size that renders text below 12 px', () => {
    // The wide layout from WIDE_FROM up; the narrow one below it, down to a 360 px phone's 328 px column.
    expect((WIDE_FROM * MIN_FONT) / 720).toBeGreaterThanOrEqual(MIN_RENDERED);
    expect((328 * MIN_FONT) / 340).toBeGreaterThanOrEqual(MIN_RENDERED);
    expect(NARROW_MAX).toBeLessThan(WIDE_FROM);
    expect(pageCss()).toContain(`@container (min-width:${WIDE_FROM}px)`);
  });

  for (const [theme, palette] of Object.entries(PALETTES)) {
    test(`${theme}: every text colour has 4.5:1 against every fill it can sit on; lines and arrows 3:1`, () => {
      const fills = [palette.bg, palette.card, ...Object.values(palette.tones).map((tone) => tone.fill)];
      for (const fill of fills) {
        for (const text of [palette.text, palette.muted]) expect(contrastRatio(text, fill)).toBeGreaterThanOrEqual(4.5);
      }
      expect(contrastRatio(palette.link, palette.bg)).toBeGreaterThanOrEqual(3);
      for (const tone of Object.values(palette.tones))
        expect(contrastRatio(tone.line, palette.bg)).toBeGreaterThanOrEqual(3);
    });
  }

  test('the page follows Starlight’s theme (dark unless data-theme="light"); the file follows the system', () => {
    expect(pageCss()).toContain(`.dg{--dg-bg:${PALETTES.dark.bg};`);
    expect(pageCss()).toContain(`:root[data-theme='light'] .dg{--dg-bg:${PALETTES.light.bg};`);
    const file = fileSvg(getDiagram('certificates-pki'), 'en');
    expect(file).toContain(`:root{--dg-bg:${PALETTES.light.bg};`);
    expect(file).toContain(`@media (prefers-color-scheme:dark){:root{--dg-bg:${PALETTES.dark.bg};`);
  });
});

describe('contrastRatio', () => {
  test('black on white is 21:1, a colour on itself 1:1, and rgb() reads like #hex', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('rgb(15, 23, 42)', '#0f172a')).toBe(1);
    expect(() => contrastRatio('rgba(0, 0, 0, 0.5)', '#fff')).toThrow('not an opaque');
  });
});
