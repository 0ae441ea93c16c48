/**
 * Chinese typography, as CONTRIBUTING.md states it ("Chinese typography"): Chinese sentences take
 * full-width punctuation, and full-width punctuation (quotes and brackets included) has no space on
 * either side. These find the two mistakes a component or a translator makes most.
 */
const LEAK = /[\p{Script=Han}\u3000-\u303f\uff01-\uff60”][:,] /gu;
const QUOTE_SPACED = /[^\S\n][“”]|[“”][^\S\n]/gu;
const SPACED = /[^\S\n][“”‘’（）【】「」《》，。：；、？！]|[“”‘’（）【】「」《》，。：；、？！][^\S\n]/gu;

function excerpts(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) =>
    text.slice(Math.max(0, match.index - 12), match.index + 14).replace(/\s+/g, ' '),
  );
}

/** An ASCII colon or comma and a space right after a Chinese character, a full-width mark or a closing quote. */
export function asciiPunctuationAfterChinese(text: string): string[] {
  return excerpts(text, LEAK);
}

/** A space before or after full-width punctuation (“”‘’（）【】「」《》，。：；、？！) within a line. */
export function spaceAroundFullWidth(text: string): string[] {
  return excerpts(text, SPACED);
}

/** A space before or after a Chinese quotation mark (“ ”) within a line: the narrower rule the pages are held to. */
export function spaceAroundChineseQuotes(text: string): string[] {
  return excerpts(text, QUOTE_SPACED);
}
