import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from '../../deps.ts';
import type { Schema } from './structural.ts';

/** One served version of one CRD kind. */
export interface CrdVersion {
  group: string;
  version: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
  served: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  schema: Schema;
  /** Where the CRD came from, for messages. */
  source: string;
}

/** CRD versions by `group/version/kind`, and the groups they cover. */
export interface CrdIndex {
  versions: Map<string, CrdVersion>;
  /** Every kind of a group, whatever its versions: `group/kind`. */
  kinds: Set<string>;
  groups: Set<string>;
}

interface RawCrd {
  kind?: string;
  spec?: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string };
    versions: {
      name: string;
      served: boolean;
      deprecated?: boolean;
      deprecationWarning?: string;
      schema?: { openAPIV3Schema: Schema };
    }[];
  };
}

export function emptyIndex(): CrdIndex {
  return { versions: new Map(), kinds: new Set(), groups: new Set() };
}

/** Adds every CustomResourceDefinition of a YAML text to the index. */
export function addCrds(index: CrdIndex, text: string, source: string): number {
  let added = 0;
  for (const document of parseAllDocuments(text)) {
    const crd = document.toJS() as RawCrd | null;
    if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    const { group, scope, names } = crd.spec;
    index.groups.add(group);
    index.kinds.add(`${group}/${names.kind}`);
    for (const version of crd.spec.versions) {
      if (!version.schema) continue;
      index.versions.set(`${group}/${version.name}/${names.kind}`, {
        group,
        version: version.name,
        kind: names.kind,
        scope,
        served: version.served,
        deprecated: version.deprecated === true,
        ...(version.deprecationWarning ? { deprecationWarning: version.deprecationWarning } : {}),
        schema: version.schema.openAPIV3Schema,
        source,
      });
      added += 1;
    }
  }
  return added;
}

/** Every YAML file of a folder (not recursive), for a release's CRD folder. */
export function addCrdFolder(index: CrdIndex, dir: string, source: string): number {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .reduce((sum, name) => sum + addCrds(index, readFileSync(join(dir, name), 'utf8'), `${source}/${name}`), 0);
}

/** All CEL rules anywhere in the index's schemas: what the offline proof leaves to the API server. */
export function celRuleCount(index: CrdIndex): number {
  const count = (schema: Schema | undefined): number => {
    if (!schema) return 0;
    let sum = schema['x-kubernetes-validations']?.length ?? 0;
    for (const child of Object.values(schema.properties ?? {})) sum += count(child);
    if (typeof schema.additionalProperties === 'object') sum += count(schema.additionalProperties);
    sum += count(schema.items);
    return sum;
  };
  return [...index.versions.values()].reduce((sum, version) => sum + count(version.schema), 0);
}
