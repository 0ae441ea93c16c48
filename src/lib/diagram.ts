import type { Lang } from './i18n.ts';

/**
 * Diagrams drawn from data, so that one source gives every version a reader needs: the labels in each
 * language, a two-column layout for a wide content column and a one-column layout for a phone, both
 * inline in the page (themed with the page: Starlight's `data-theme` on <html>), and a file of its own per
 * language, opened by "open the diagram full size", which follows the reader's system theme.
 *
 * A diagram is a title, columns of groups and a footer. A group is a head box (a CA, say) and the boxes
 * below it; when the head `signs` them, each hangs from it by a line with an arrow. Text is wrapped here
 * (SVG does not wrap), with glyph widths estimated on the wide side (DejaVu Sans, the widest common sans);
 * tests/site/diagram.test.ts measures the real text in Chromium and proves it stays inside its box.
 */

/** Text that is the same in every language (file names, flags), or written for each. */
export type Localized = string | Readonly<Record<Lang, string>>;

/** How a line looks. In every style, text between backticks is set in the monospace font. */
export type LineStyle = 'title' | 'head' | 'name' | 'file' | 'who' | 'flag' | 'note';

export interface Line {
  style: LineStyle;
  text: Localized;
}

export type Tone = 'blue' | 'purple' | 'green' | 'gray';

export interface Group {
  tone: Tone;
  head: readonly Line[];
  /** The head signs the boxes: each hangs from it by a line with an arrow. Otherwise they just follow it. */
  signs: boolean;
  boxes: readonly (readonly Line[])[];
  /** A dashed box after the others: a remark on the group, not one of its members. */
  aside?: readonly Line[];
}

export interface Diagram {
  /** The file name of the full-size version, without `.svg`: `/diagrams/<name>.svg`. */
  name: string;
  /** The full-size file's title (a browser tab shows it). */
  title: Readonly<Record<Lang, string>>;
  heading: readonly Line[];
  /** The wide layout's columns, left to right; the narrow layout stacks their groups in this order. */
  columns: readonly (readonly Group[])[];
  footer: readonly Line[];
}

export type Layout = 'wide' | 'narrow';

/** The smallest rendered text size a layout may be shown at, in CSS px. */
export const MIN_RENDERED = 12;

interface StyleSpec {
  size: number;
  weight: 400 | 700;
  mono: boolean;
  lineHeight: number;
  muted: boolean;
}

const STYLES: Record<LineStyle, StyleSpec> = {
  title: { size: 17, weight: 700, mono: false, lineHeight: 24, muted: false },
  head: { size: 16, weight: 700, mono: false, lineHeight: 22, muted: false },
  name: { size: 14, weight: 700, mono: false, lineHeight: 20, muted: false },
  file: { size: 13.5, weight: 700, mono: true, lineHeight: 20, muted: false },
  who: { size: 14, weight: 400, mono: false, lineHeight: 20, muted: false },
  flag: { size: 13, weight: 400, mono: true, lineHeight: 19, muted: true },
  note: { size: 13, weight: 400, mono: false, lineHeight: 19, muted: true },
};

/** The smallest font size of any style, in the diagram's own units (CSS px at scale 1). */
export const MIN_FONT = Math.min(...Object.values(STYLES).map((style) => style.size));

/** The geometry of each layout, in the diagram's units. */
const GEOMETRY: Record<Layout, { width: number; pad: number; columnGap: number }> = {
  wide: { width: 720, pad: 16, columnGap: 16 },
  narrow: { width: 340, pad: 10, columnGap: 0 },
};
const BOX_PAD_X = 12;
const BOX_PAD_Y = 9;
const BOX_GAP = 9;
const GROUP_GAP = 20;
/** Where the line from a head runs, and how far the boxes it signs are indented. */
const SPINE_X = 13;
const INDENT = 28;

/**
 * The narrowest frame, in CSS px, that shows the wide layout with no text below MIN_RENDERED; under it the
 * page shows the narrow layout.
 */
export const WIDE_FROM = Math.ceil((GEOMETRY.wide.width * MIN_RENDERED) / MIN_FONT);
/** The narrow layout grows with a phone's column up to this width, and no further. */
export const NARROW_MAX = 400;

// ---------------------------------------------------------------------------------------------------
// Text: runs, tokens, widths, wrapping.

/** CJK ideographs, kana, CJK and full-width punctuation: each glyph 1 em wide, and a line may break around it. */
const WIDE_CHARS = '\\u2e80-\\u9fff\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uffef';
const WIDE = new RegExp(`[${WIDE_CHARS}]`, 'u');
/** Outside code: a run of spaces, one wide character, or a word. */
const PLAIN_TOKEN = new RegExp(`( +)|[${WIDE_CHARS}]|[^ ${WIDE_CHARS}]+`, 'gu');
/** A line never starts with these… */
const NO_START = new Set([...'，。、：；！？）」』”’》〉】']);
/** …and never ends with these. */
const NO_END = new Set([...'（「『“‘《〈【']);

interface Token {
  text: string;
  code: boolean;
  space: boolean;
}

/** `signed by `kube-controller-manager`` → plain and code runs. An unmatched backtick is an error in the data. */
function runsOf(text: string): { text: string; code: boolean }[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) throw new Error(`diagram text has an unmatched backtick: ${text}`);
  return parts.map((part, index) => ({ text: part, code: index % 2 === 1 })).filter((run) => run.text !== '');
}

/**
 * Words, spaces, and single wide characters. Code breaks only after a comma (`--cert-file, --key-file`),
 * never inside a command (`kubeadm certs renew`).
 */
export function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  for (const run of runsOf(text)) {
    const pieces = run.code
      ? run.text.split(/(?<=,)( +)/u)
      : [...run.text.matchAll(PLAIN_TOKEN)].map((match) => match[0]);
    for (const piece of pieces) {
      if (piece !== '') tokens.push({ text: piece, code: run.code, space: /^ +$/.test(piece) });
    }
  }
  return tokens;
}

/** May a line break between these two tokens (no space between them)? Only around wide characters. */
function breakable(before: Token, after: Token): boolean {
  const last = [...before.text].at(-1) ?? '';
  const first = [...after.text][0] ?? '';
  if (!WIDE.test(last) && !WIDE.test(first)) return false;
  return !NO_START.has(first) && !NO_END.has(last);
}

/** The estimated width of one character, in em, erring wide (DejaVu Sans, the widest common sans). */
function charWidth(char: string, mono: boolean): number {
  if (WIDE.test(char)) return 1;
  if (mono) return 0.61;
  if (char === ' ') return 0.32;
  if ("ijlt.,:;|!'()[]/·".includes(char)) return 0.36;
  if ('fr-'.includes(char)) return 0.42;
  if ('mwMW'.includes(char)) return 0.94;
  if ('→↔'.includes(char)) return 0.86;
  if (/[A-Z]/.test(char)) return 0.73;
  return 0.62;
}

function tokenWidth(token: Token, style: StyleSpec): number {
  const mono = style.mono || token.code;
  let em = 0;
  for (const char of token.text) em += charWidth(char, mono);
  const bold = style.weight === 700 && !mono ? 1.08 : 1;
  return em * style.size * bold;
}

/** An estimate of how wide a line of text is set, in the diagram's units. */
export function textWidth(text: string, style: LineStyle): number {
  return tokensOf(text).reduce((sum, token) => sum + tokenWidth(token, STYLES[style]), 0);
}

/**
 * Breaks text into lines no wider than `width`: at spaces, and around Chinese characters (never before
 * closing or after opening punctuation), never inside a word or a code span's word. A word wider than a
 * whole line is an error in the data, said with the word.
 */
export function wrap(text: string, style: LineStyle, width: number): Token[][] {
  const spec = STYLES[style];
  // Chunks: what cannot be split, each with the space before it (if any).
  const chunks: { space?: Token; tokens: Token[] }[] = [];
  let space: Token | undefined;
  for (const token of tokensOf(text)) {
    if (token.space) {
      space = token;
      continue;
    }
    const current = chunks.at(-1);
    const previous = current?.tokens.at(-1);
    if (current && previous && !space && !breakable(previous, token)) current.tokens.push(token);
    else chunks.push({ ...(space ? { space } : {}), tokens: [token] });
    space = undefined;
  }
  const lines: Token[][] = [];
  let line: Token[] = [];
  let used = 0;
  for (const chunk of chunks) {
    const chunkWidth = chunk.tokens.reduce((sum, token) => sum + tokenWidth(token, spec), 0);
    const spaceWidth = chunk.space && line.length > 0 ? tokenWidth(chunk.space, spec) : 0;
    if (line.length > 0 && used + spaceWidth + chunkWidth > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    if (line.length === 0 && chunkWidth > width) {
      const word = chunk.tokens.map((token) => token.text).join('');
      throw new Error(`diagram text "${word}" is wider than its box (${Math.round(chunkWidth)} > ${width})`);
    }
    if (line.length > 0 && chunk.space) {
      line.push(chunk.space);
      used += spaceWidth;
    }
    line.push(...chunk.tokens);
    used += chunkWidth;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// Layout and SVG.

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const textOf = (text: Localized, lang: Lang) => (typeof text === 'string' ? text : text[lang]);
const round = (value: number) => Math.round(value * 10) / 10;

/** One line of SVG text: code runs in a monospace tspan, unless the whole line is monospace already. */
function svgText(tokens: Token[], style: LineStyle, x: number, baseline: number): string {
  const spec = STYLES[style];
  const runs: { text: string; code: boolean }[] = [];
  for (const token of tokens) {
    const code = token.code && !spec.mono;
    const last = runs.at(-1);
    if (last && last.code === code) last.text += token.text;
    else runs.push({ text: token.text, code });
  }
  const body = runs
    .map((run) => (run.code ? `<tspan class="dg-code">${xml(run.text)}</tspan>` : xml(run.text)))
    .join('');
  const classes = `dg-t dg-s-${style}${spec.muted ? ' dg-muted' : ''}`;
  return `<text class="${classes}" x="${round(x)}" y="${round(baseline)}">${body}</text>`;
}

/** Lines of text from `top`, wrapped to `width`: their SVG and the height they take. */
function textBlock(lines: readonly Line[], lang: Lang, x: number, top: number, width: number) {
  const parts: string[] = [];
  let y = top;
  for (const line of lines) {
    const spec = STYLES[line.style];
    for (const tokens of wrap(textOf(line.text, lang), line.style, width)) {
      // The baseline sits where a line box of `lineHeight` centres glyphs about 0.8 em tall above it.
      parts.push(svgText(tokens, line.style, x, y + (spec.lineHeight - spec.size) / 2 + spec.size * 0.8));
      y += spec.lineHeight;
    }
  }
  return { svg: parts.join(''), height: y - top };
}

/** A box with its lines; `kind` picks its colours. Returns its SVG and height. */
function box(lines: readonly Line[], kind: string, lang: Lang, x: number, y: number, width: number) {
  const text = textBlock(lines, lang, x + BOX_PAD_X, y + BOX_PAD_Y, width - 2 * BOX_PAD_X);
  const height = text.height + 2 * BOX_PAD_Y;
  const rect = `<rect class="${kind}" x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" rx="7"/>`;
  return { svg: `<g class="dg-box">${rect}${text.svg}</g>`, height };
}

function group(spec: Group, lang: Lang, x: number, y: number, width: number) {
  const parts: string[] = [];
  const head = box(spec.head, `dg-head dg-${spec.tone}`, lang, x, y, width);
  parts.push(head.svg);
  let bottom = y + head.height;
  const indent = spec.signs ? INDENT : 0;
  const ticks: number[] = [];
  for (const lines of spec.boxes) {
    const top = bottom + BOX_GAP;
    const member = box(lines, 'dg-card', lang, x + indent, top, width - indent);
    parts.push(member.svg);
    ticks.push(top + BOX_PAD_Y + STYLES.file.lineHeight / 2);
    bottom = top + member.height;
  }
  if (spec.signs && ticks.length > 0) {
    const spine = x + SPINE_X;
    const tip = x + indent - 1;
    const paths = [`M${spine} ${round(y + head.height)}V${round(ticks.at(-1) as number)}`];
    const arrows = ticks.map(
      (tick) => `M${tip - 7} ${round(tick - 4)}L${tip} ${round(tick)}L${tip - 7} ${round(tick + 4)}z`,
    );
    for (const tick of ticks) paths.push(`M${spine} ${round(tick)}H${tip - 2}`);
    parts.push(`<path class="dg-link" d="${paths.join('')}"/><path class="dg-arrow" d="${arrows.join('')}"/>`);
  }
  if (spec.aside) {
    const aside = box(spec.aside, `dg-aside dg-${spec.tone}`, lang, x + indent, bottom + BOX_GAP, width - indent);
    parts.push(aside.svg);
    bottom += BOX_GAP + aside.height;
  }
  return { svg: parts.join(''), height: bottom - y };
}

interface Drawn {
  width: number;
  height: number;
  body: string;
}

/** The diagram laid out for a width: the SVG inside the root element, and the size it needs. */
export function draw(diagram: Diagram, lang: Lang, layout: Layout): Drawn {
  const { width, pad, columnGap } = GEOMETRY[layout];
  const inner = width - 2 * pad;
  const parts: string[] = [];
  const heading = textBlock(diagram.heading, lang, pad, pad, inner);
  parts.push(heading.svg);
  const top = pad + heading.height + 10;
  const columns = layout === 'wide' ? diagram.columns : [diagram.columns.flat()];
  const columnWidth = (inner - columnGap * (columns.length - 1)) / columns.length;
  let bottom = top;
  columns.forEach((groups, index) => {
    const x = pad + index * (columnWidth + columnGap);
    let y = top;
    for (const spec of groups) {
      if (y > top) y += GROUP_GAP;
      const drawn = group(spec, lang, x, y, columnWidth);
      parts.push(drawn.svg);
      y += drawn.height;
    }
    bottom = Math.max(bottom, y);
  });
  const footer = textBlock(diagram.footer, lang, pad, bottom + 14, inner);
  parts.push(footer.svg);
  const height = Math.ceil(bottom + 14 + footer.height + pad);
  const frame = `<rect class="dg-frame" x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="12"/>`;
  return { width, height, body: frame + parts.join('') };
}

// ---------------------------------------------------------------------------------------------------
// Colours, for a light and a dark page. Every text colour has at least 4.5:1 against every fill it sits on.

interface Palette {
  bg: string;
  frame: string;
  text: string;
  muted: string;
  card: string;
  cardLine: string;
  link: string;
  tones: Record<Tone, { fill: string; line: string }>;
}

export const PALETTES: Record<'light' | 'dark', Palette> = {
  light: {
    bg: '#f8fafc',
    frame: '#cbd5e1',
    text: '#0f172a',
    muted: '#334155',
    card: '#ffffff',
    cardLine: '#64748b',
    link: '#475569',
    tones: {
      blue: { fill: '#dbeafe', line: '#1d4ed8' },
      purple: { fill: '#f3e8ff', line: '#7e22ce' },
      green: { fill: '#dcfce7', line: '#047857' },
      gray: { fill: '#e2e8f0', line: '#475569' },
    },
  },
  dark: {
    bg: '#0f172a',
    frame: '#334155',
    text: '#f1f5f9',
    muted: '#cbd5e1',
    card: '#1e293b',
    cardLine: '#64748b',
    link: '#94a3b8',
    tones: {
      blue: { fill: '#172554', line: '#60a5fa' },
      purple: { fill: '#3b0764', line: '#c084fc' },
      green: { fill: '#052e16', line: '#34d399' },
      gray: { fill: '#334155', line: '#94a3b8' },
    },
  },
};

function variables(palette: Palette): string {
  const tones = Object.entries(palette.tones).map(
    ([tone, { fill, line }]) => `--dg-${tone}-fill:${fill};--dg-${tone}-line:${line};`,
  );
  return (
    `--dg-bg:${palette.bg};--dg-frame:${palette.frame};--dg-text:${palette.text};--dg-muted:${palette.muted};` +
    `--dg-card:${palette.card};--dg-card-line:${palette.cardLine};--dg-link:${palette.link};${tones.join('')}`
  );
}

const SANS = `system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','PingFang SC','Microsoft YaHei',sans-serif`;
const MONO = `ui-monospace,'SFMono-Regular',Menlo,Consolas,'Liberation Mono','DejaVu Sans Mono',monospace`;

function drawingCss(scope: string): string {
  const tones = (Object.keys(PALETTES.light.tones) as Tone[]).map(
    (tone) => `${scope} .dg-${tone}{fill:var(--dg-${tone}-fill);stroke:var(--dg-${tone}-line)}`,
  );
  const fonts = (Object.entries(STYLES) as [LineStyle, StyleSpec][]).map(
    ([style, spec]) => `${scope} .dg-s-${style}{font:${spec.weight} ${spec.size}px ${spec.mono ? MONO : SANS}}`,
  );
  return [
    `${scope} .dg-frame{fill:var(--dg-bg);stroke:var(--dg-frame)}`,
    `${scope} .dg-card{fill:var(--dg-card);stroke:var(--dg-card-line)}`,
    `${scope} .dg-head{stroke-width:2}`,
    ...tones,
    `${scope} .dg-aside{fill:none;stroke-dasharray:5 4}`,
    `${scope} .dg-link{fill:none;stroke:var(--dg-link);stroke-width:1.5}`,
    `${scope} .dg-arrow{fill:var(--dg-link)}`,
    `${scope} .dg-t{fill:var(--dg-text)}`,
    `${scope} .dg-muted{fill:var(--dg-muted)}`,
    ...fonts,
    `${scope} .dg-code{font-family:${MONO}}`,
  ].join('');
}

/**
 * The style sheet of a page's inline diagrams. Like Starlight, dark unless <html data-theme="light">
 * (without JavaScript Starlight stays dark). The frame switches layouts by its own width, not the window's:
 * at 1152 px a page with a sidebar and a table of contents has a narrower column than a 768 px tablet.
 */
export function pageCss(): string {
  return [
    `.dg{${variables(PALETTES.dark)}}`,
    `:root[data-theme='light'] .dg{${variables(PALETTES.light)}}`,
    drawingCss('.dg'),
    '.dg-figure{margin:1.5rem 0}',
    '.dg-figure__frame{container-type:inline-size}',
    '.dg-figure svg.dg{display:block;width:100%;height:auto}',
    `.dg-figure svg.dg--narrow{max-width:${NARROW_MAX}px;margin-inline:auto}`,
    '.dg-figure svg.dg--wide{display:none}',
    `@container (min-width:${WIDE_FROM}px){.dg-figure svg.dg--wide{display:block}.dg-figure svg.dg--narrow{display:none}}`,
    '.dg-figure__caption{margin-top:.5rem;font-size:var(--sl-text-sm);text-align:end}',
  ].join('');
}

/** The full-size file: light, or dark when the reader's system is. */
function fileCss(): string {
  return [
    `:root{${variables(PALETTES.light)}}`,
    `@media (prefers-color-scheme:dark){:root{${variables(PALETTES.dark)}}}`,
    drawingCss(':root'),
  ].join('');
}

/** The diagram inline in a page, for one layout. `css` puts the page's style sheet inside (once a page). */
export function inlineSvg(diagram: Diagram, lang: Lang, layout: Layout, label: string, css: boolean): string {
  const drawn = draw(diagram, lang, layout);
  const style = css ? `<style>${pageCss()}</style>` : '';
  return (
    `<svg class="dg dg--${layout}" viewBox="0 0 ${drawn.width} ${drawn.height}" width="${drawn.width}" ` +
    `height="${drawn.height}" role="img" aria-label="${xml(label)}" ` +
    `data-layout="${layout}">${style}${drawn.body}</svg>`
  );
}

/** How much larger than the page's version the full-size file opens. */
export const FULL_SIZE_SCALE = 1.5;

/** The full-size file: the wide layout, half as large again as in the page. */
export function fileSvg(diagram: Diagram, lang: Lang): string {
  const drawn = draw(diagram, lang, 'wide');
  const width = Math.round(drawn.width * FULL_SIZE_SCALE);
  const height = Math.round(drawn.height * FULL_SIZE_SCALE);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="dg" lang="${lang === 'zh-cn' ? 'zh-CN' : 'en'}" ` +
    `viewBox="0 0 ${drawn.width} ${drawn.height}" width="${width}" height="${height}" role="img">` +
    `<title>${xml(diagram.title[lang])}</title><style>${fileCss()}</style>${drawn.body}</svg>\n`
  );
}

/** Every line of a diagram, top to bottom and column by column. */
export function allLines(diagram: Diagram): Line[] {
  const groups = diagram.columns.flat();
  return [
    ...diagram.heading,
    ...groups.flatMap((group) => [...group.head, ...group.boxes.flat(), ...(group.aside ?? [])]),
    ...diagram.footer,
  ];
}

/** A line's text in a language, as a reader sees it (without the backticks that mark code). */
export function plainText(line: Line, lang: Lang): string {
  return textOf(line.text, lang).replaceAll('`', '');
}

/** Where a diagram's full-size file is, from the site's root: `/diagrams/certificates-pki.zh-cn.svg`. */
export function fileName(diagram: Diagram, lang: Lang): string {
  return `${diagram.name}${lang === 'en' ? '' : `.${lang}`}.svg`;
}
