import { getCollection } from 'astro:content';
import { stepUses } from '../../labs/kit/validate/pages.ts';
import { withBase } from './base.ts';
import type { Lang } from './i18n.ts';

export interface LabPage {
  lab: string;
  href: string;
  title: string;
}

/** The article of each lab in one language: the page that renders its steps (the first, if several do). */
export async function labPages(lang: Lang): Promise<Map<string, LabPage>> {
  const pages = new Map<string, LabPage>();
  const entries = await getCollection('docs', (entry) => entry.id.startsWith('zh-cn/') === (lang === 'zh-cn'));
  for (const entry of entries.sort((a, b) => a.id.localeCompare(b.id))) {
    for (const use of stepUses(entry.body ?? '')) {
      if (!pages.has(use.lab))
        pages.set(use.lab, { lab: use.lab, href: withBase(`/${entry.id}/`), title: entry.data.title });
    }
  }
  return pages;
}
