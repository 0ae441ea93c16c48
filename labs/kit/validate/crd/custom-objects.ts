import { ConfigMap } from 'kubernetes-models/v1';
import { unknownFields } from '../fields.ts';
import type { CrdIndex } from './crds.ts';
import { validateStructural } from './structural.ts';

export interface CustomObjectResult {
  problems: string[];
  /** CEL rules that apply to this object and were not evaluated (the API server would). */
  celRules: string[];
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** metadata against the pinned ObjectMeta of kubernetes-models (types and unknown fields), and a valid name. */
export function metadataProblems(metadata: unknown, requireName = true): string[] {
  const problems: string[] = [];
  const probe = { apiVersion: 'v1', kind: 'ConfigMap', metadata };
  try {
    new ConfigMap(probe as ConstructorParameters<typeof ConfigMap>[0]).validate();
  } catch (error) {
    problems.push(`metadata: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  for (const field of unknownFields(probe) ?? []) problems.push(`${field}: field not declared in schema`);
  const name = (metadata as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string') {
    if (requireName) problems.push('metadata.name: Required value');
  } else if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    problems.push(`metadata.name: Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain`);
  return problems;
}

/**
 * One object of a CRD kind against the pinned CRD: the apiVersion is a served version, not deprecated,
 * and the body validates against that version's openAPIV3Schema (apiVersion, kind and metadata are the
 * API server's own at the root, as for every CRD).
 */
export function validateCustomObject(index: CrdIndex, object: Record<string, unknown>): CustomObjectResult {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const [group = '', version = ''] = apiVersion.split('/');
  const crd = index.versions.get(`${group}/${version}/${kind}`);
  if (!crd) {
    const known = [...index.versions.values()].filter((entry) => entry.group === group && entry.kind === kind);
    const why = index.kinds.has(`${group}/${kind}`)
      ? `${kind} is served as ${known.map((entry) => `${entry.group}/${entry.version}`).join(', ')}`
      : index.groups.has(group)
        ? `the pinned CRDs of ${group} have no kind ${kind}`
        : `no pinned CRD defines the group ${group}`;
    return { problems: [`${apiVersion} ${kind} is not a served version of the pinned CRDs: ${why}`], celRules: [] };
  }
  const problems: string[] = [];
  if (!crd.served) problems.push(`${apiVersion} ${kind} is not served by ${crd.source}`);
  if (crd.deprecated) {
    problems.push(`${apiVersion} ${kind} is deprecated: ${crd.deprecationWarning ?? 'use the storage version'}`);
  }
  problems.push(...metadataProblems(object.metadata));
  const { apiVersion: _a, kind: _k, metadata: _m, ...body } = object;
  const result = validateStructural(crd.schema, body);
  problems.push(...result.errors);
  return { problems, celRules: result.celRules };
}
