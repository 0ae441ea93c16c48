import { fileURLToPath } from 'node:url';
import type { MdastPluginDefinition, PluginFactoryContext } from 'satteri';
import { loadLab } from '../../labs/kit/registry.ts';
import type { Lab } from '../../labs/kit/schema.ts';

/**
 * Starlight builds a page's table of contents from the headings of its Markdown, never from what a
 * component renders. This Sätteri plugin gives every `<LabStep lab="…" step="…" />` of a docs page
 * a real Markdown heading, placed right before the component: "3. Title" in the page's language,
 * with the anchor `step-<id>`, one level below the section it sits in. Starlight then lists it in
 * the table of contents, the search index sees it, and it gets the same anchor link as every heading.
 *
 * A step under an h3 stays an h3 (an h4 would fall out of the table of contents), so write steps under
 * `##` sections. The first step's section also gets an anchor, `steps`, which the "jump to the steps"
 * link of `<LabMeta>` points at.
 */

export type HeadingLang = 'en' | 'zh-cn';

/** The anchor of a step's heading, the same in both languages. */
export function stepAnchor(stepId: string): string {
  return `step-${stepId}`;
}

/** The anchor placed before the section that holds a page's first step. */
export const STEPS_ANCHOR = 'steps';

/** Starlight's table of contents lists h2 and h3. */
const MAX_STEP_DEPTH = 3;

const labCache = new Map<string, Promise<Lab>>();

function cachedLab(id: string): Promise<Lab> {
  let lab = labCache.get(id);
  if (!lab) {
    lab = loadLab(id);
    labCache.set(id, lab);
  }
  return lab;
}

/** zh-cn pages live under src/content/docs/zh-cn/; every other docs page is English. */
export function langOfFile(path: string): HeadingLang {
  return /[/\\]docs[/\\]zh-cn[/\\]/.test(path) ? 'zh-cn' : 'en';
}

interface JsxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}

interface Node {
  type: string;
  name?: string | null;
  depth?: number;
  attributes?: JsxAttribute[];
  children?: Node[];
}

function attribute(node: Node, name: string): string | undefined {
  const found = node.attributes?.find((item) => item.type === 'mdxJsxAttribute' && item.name === name);
  return typeof found?.value === 'string' ? found.value : undefined;
}

/** The heading a step gets: the number visible as a badge, "N. " read by screen readers and the TOC. */
export function stepHeading(lab: Lab, stepId: string, lang: HeadingLang, depth: number) {
  const index = lab.steps.findIndex((step) => step.id === stepId);
  const step = lab.steps[index];
  if (!step) throw new Error(`<LabStep lab="${lab.id}" step="${stepId}" />: lab ${lab.id} has no such step`);
  return {
    type: 'heading' as const,
    depth: depth as 1 | 2 | 3 | 4 | 5 | 6,
    data: { hProperties: { id: stepAnchor(step.id), className: ['lab-step__heading'], 'data-step': step.id } },
    children: [
      {
        type: 'emphasis' as const,
        data: { hName: 'span', hProperties: { className: ['lab-step__number'] } },
        children: [
          { type: 'text' as const, value: String(index + 1) },
          {
            type: 'emphasis' as const,
            data: { hName: 'span', hProperties: { className: ['lab-step__dot'] } },
            children: [{ type: 'text' as const, value: '.' }],
          },
        ],
      },
      { type: 'text' as const, value: ` ${step.title[lang]}` },
    ],
  };
}

export function stepHeadings(): (context: PluginFactoryContext) => MdastPluginDefinition | undefined {
  return (context) => {
    if (context.sourceFormat !== 'mdx' || !context.fileURL) return undefined;
    if (!context.source.includes('<LabStep')) return undefined;
    const file = fileURLToPath(context.fileURL);
    const lang = langOfFile(file);
    return {
      name: 'lab-step-headings',
      async before(root, ctx) {
        let sectionDepth = 1;
        let section: Node | undefined;
        let anchored = false;
        for (const child of root.children as Node[]) {
          if (child.type === 'heading') {
            sectionDepth = child.depth ?? 1;
            section = child;
            continue;
          }
          if (child.type !== 'mdxJsxFlowElement' || child.name !== 'LabStep') continue;
          const labId = attribute(child, 'lab');
          const stepId = attribute(child, 'step');
          if (!labId || !stepId) throw new Error(`${file}: <LabStep> needs lab="…" and step="…"`);
          const depth = Math.min(sectionDepth + 1, MAX_STEP_DEPTH);
          if (!anchored) {
            const anchor = {
              type: 'paragraph' as const,
              data: { hName: 'div', hProperties: { id: STEPS_ANCHOR, className: ['lab-steps-anchor'] } },
              children: [],
            };
            ctx.insertBefore((section ?? child) as never, anchor);
            anchored = true;
          }
          const lab = await cachedLab(labId);
          if (!lab.steps.some((step) => step.id === stepId)) {
            throw new Error(`${file}: <LabStep lab="${labId}" step="${stepId}" />: lab ${labId} has no such step`);
          }
          ctx.insertBefore(child as never, stepHeading(lab, stepId, lang, depth));
        }
      },
    };
  };
}
