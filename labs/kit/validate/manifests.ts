import { parseAllDocuments } from '../deps.ts';
import { RETIRED_API_VERSIONS, RETIRED_KINDS } from './api-versions.ts';
import { unknownFields } from './fields.ts';

export interface Problem {
  file: string;
  message: string;
}

type Model = new (data: unknown) => { validate(): void };

/** kubernetes-models/<group>/<version>, or kubernetes-models/v1 for the core group. */
async function modelFor(apiVersion: string, kind: string): Promise<Model | undefined> {
  try {
    const module = (await import(`kubernetes-models/${apiVersion}`)) as Record<string, unknown>;
    const model = module[kind];
    return typeof model === 'function' ? (model as Model) : undefined;
  } catch {
    return undefined;
  }
}

/** Every `image:` value anywhere in an object. */
export function imagesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) imagesIn(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'image' && typeof child === 'string') found.push(child);
      else imagesIn(child, found);
    }
  }
  return found;
}

export function imageProblem(image: string): string | undefined {
  const last = image.split('/').pop() ?? image;
  if (!/[:@]/.test(last)) return `image "${image}" has no tag: pin it (e.g. ${image}:1.2.3)`;
  if (/:latest(@|$)/.test(image)) return `image "${image}" uses :latest: pin a version`;
  return undefined;
}

function firstError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Validates one YAML file of Kubernetes objects against the pinned schemas. */
export async function validateManifest(
  file: string,
  text: string,
  allowedKinds: Set<string> = new Set(),
): Promise<{ problems: Problem[]; images: string[] }> {
  const problems: Problem[] = [];
  const images: string[] = [];
  const documents = parseAllDocuments(text);
  for (const [index, document] of documents.entries()) {
    const where = documents.length > 1 ? `${file} (document ${index + 1})` : file;
    if (document.errors.length > 0) {
      problems.push({ file: where, message: `YAML does not parse: ${document.errors[0]?.message.split('\n')[0]}` });
      continue;
    }
    const object = document.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
    if (object === null || object === undefined) continue;
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      problems.push({ file: where, message: 'not a Kubernetes object: apiVersion and kind are required' });
      continue;
    }
    const retired = RETIRED_API_VERSIONS[apiVersion];
    if (retired) {
      problems.push({
        file: where,
        message: `${kind} uses ${apiVersion}, which is removed or deprecated: use ${retired}`,
      });
      continue;
    }
    const retiredKind = RETIRED_KINDS[kind];
    if (retiredKind) problems.push({ file: where, message: `${kind} teaches the old way: use ${retiredKind}` });
    images.push(...imagesIn(object));
    const model = await modelFor(apiVersion, kind);
    if (!model) {
      if (!allowedKinds.has(`${apiVersion}/${kind}`)) {
        problems.push({
          file: where,
          message: `${apiVersion} ${kind} is not in the pinned Kubernetes schemas (a typo, or a CRD kind that needs its schema registered)`,
        });
      }
      continue;
    }
    try {
      new model(object).validate();
    } catch (error) {
      problems.push({ file: where, message: `${kind} does not validate: ${firstError(error)}` });
    }
    for (const field of unknownFields({ ...object, apiVersion, kind }) ?? []) {
      problems.push({
        file: where,
        message: `${kind} has a field the pinned schema does not know: ${field} (a typo? the API server would refuse it)`,
      });
    }
  }
  for (const image of images) {
    const problem = imageProblem(image);
    if (problem) problems.push({ file, message: problem });
  }
  return { problems, images };
}
