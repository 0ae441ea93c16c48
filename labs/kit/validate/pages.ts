import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Lab } from '../schema.ts';

export interface PageInfo {
  /** Slug relative to the language root, e.g. "storage/volumes". */
  slug: string;
  file: string;
  text: string;
}

function walk(dir: string, root: string, out: PageInfo[], skip: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.includes(path)) walk(path, root, out, skip);
    } else if (/\.mdx?$/.test(entry.name)) {
      out.push({ slug: relative(root, path).replace(/\.mdx?$/, ''), file: path, text: readFileSync(path, 'utf8') });
    }
  }
}

/** English pages (the root locale) and their zh-cn twins. */
export function readPages(docsDir: string): { en: PageInfo[]; zh: PageInfo[] } {
  const zhDir = join(docsDir, 'zh-cn');
  const en: PageInfo[] = [];
  const zh: PageInfo[] = [];
  walk(docsDir, docsDir, en, [zhDir]);
  if (existsSync(zhDir)) walk(zhDir, zhDir, zh, []);
  return { en, zh };
}

export interface StepUse {
  lab: string;
  step: string;
}

/** `<LabStep lab="x" step="y" />` uses, in page order. */
export function stepUses(text: string): StepUse[] {
  return [...text.matchAll(/<LabStep\s+lab="([^"]+)"\s+step="([^"]+)"\s*\/>/g)].map((match) => ({
    lab: match[1] as string,
    step: match[2] as string,
  }));
}

/** Fenced shell blocks written by hand without `untested` in their meta. */
export function unmarkedShellBlocks(text: string): number {
  const fences = [...text.matchAll(/^(`{3,}|~{3,})(\w+)?([^\n]*)$/gm)];
  let count = 0;
  let open = false;
  for (const fence of fences) {
    if (open) {
      open = false;
      continue;
    }
    open = true;
    const lang = fence[2] ?? '';
    if (/^(sh|bash|shell|console|zsh|shellsession)$/.test(lang) && !/\buntested\b/.test(fence[3] ?? '')) count += 1;
  }
  return count;
}

export function untestedShellBlocks(text: string): number {
  return [...text.matchAll(/^(`{3,}|~{3,})(sh|bash|shell|console|zsh)\b[^\n]*\buntested\b/gm)].length;
}

/** Problems of page ↔ lab parity: twins exist, every step on both pages, same order, same components. */
export function parityProblems(labs: readonly Lab[], pages: { en: PageInfo[]; zh: PageInfo[] }): string[] {
  const problems: string[] = [];
  const zhBySlug = new Map(pages.zh.map((page) => [page.slug, page]));
  const enBySlug = new Map(pages.en.map((page) => [page.slug, page]));
  for (const page of pages.en) {
    if (!zhBySlug.has(page.slug))
      problems.push(`${page.slug}: the English page has no zh-cn twin (src/content/docs/zh-cn/${page.slug}.mdx)`);
  }
  for (const page of pages.zh) {
    if (!enBySlug.has(page.slug)) problems.push(`zh-cn/${page.slug}: the Chinese page has no English twin`);
  }
  for (const page of pages.en) {
    const twin = zhBySlug.get(page.slug);
    if (!twin) continue;
    const left = JSON.stringify(stepUses(page.text));
    const right = JSON.stringify(stepUses(twin.text));
    if (left !== right)
      problems.push(`${page.slug}: the English and Chinese pages do not render the same lab steps in the same order`);
    const components = (text: string) => [...text.matchAll(/<(Lab\w+)\s[^>]*\/>/g)].map((match) => match[0]).join('\n');
    if (components(page.text) !== components(twin.text)) {
      problems.push(
        `${page.slug}: the English and Chinese pages differ in their lab components (same ones, same order, same props)`,
      );
    }
  }
  for (const [language, list] of [
    ['en', pages.en],
    ['zh-cn', pages.zh],
  ] as const) {
    const used = new Set(list.flatMap((page) => stepUses(page.text).map((use) => `${use.lab}/${use.step}`)));
    for (const lab of labs) {
      for (const step of lab.steps) {
        if (!used.has(`${lab.id}/${step.id}`))
          problems.push(`lab ${lab.id}: step ${step.id} appears on no ${language} page`);
      }
    }
    for (const page of list) {
      const untitled = [...page.text.matchAll(/^:::(note|tip|caution|danger)\s*$/gm)].length;
      if (untitled > 0) {
        problems.push(
          `${language}/${page.slug}: ${untitled} aside(s) without a title; write :::tip[A short title] so that screen readers can tell asides apart`,
        );
      }
      const unmarked = unmarkedShellBlocks(page.text);
      if (unmarked > 0) {
        problems.push(
          `${language}/${page.slug}: ${unmarked} hand-written shell block(s) without "untested" in the meta; render lab commands with <LabStep>`,
        );
      }
    }
  }
  return problems;
}
