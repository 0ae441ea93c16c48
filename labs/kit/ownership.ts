import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from './deps.ts';
import { UserError } from './errors.ts';
import type { Cluster } from './kind.ts';
import { displayPath, labDir } from './paths.ts';
import type { Lab } from './schema.ts';
import { childEnv, sh, shellQuote } from './sh.ts';

/**
 * The one label key of the project. Every namespace and cluster-scoped object a lab creates carries
 * `fieldlab.dev/lab=<lab id>`; cleanup selects by it and nothing else, and a run refuses to start when
 * an object of the lab's name exists without it.
 */
export const LAB_LABEL = 'fieldlab.dev/lab';

/** `fieldlab.dev/lab=<id>`, the selector of everything lab `id` made. */
export function labSelector(id: string): string {
  return `${LAB_LABEL}=${id}`;
}

/** Kinds that live outside any namespace, which cleanup cannot reach by deleting a namespace. */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'CertificateSigningRequest',
  'PriorityClass',
  'CustomResourceDefinition',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'IngressClass',
  'RuntimeClass',
  'APIService',
  'CSIDriver',
  'VolumeAttachment',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'GatewayClass',
]);

/** A Kubernetes object as a YAML file of a lab declares it. */
export interface Declared {
  kind: string;
  name: string;
  namespace?: string;
  labels: Record<string, unknown>;
}

/** The Kubernetes objects in one YAML text (documents without apiVersion and kind are not objects). */
export function objectsIn(text: string): Declared[] {
  const found: Declared[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) continue;
    const object = document.toJS() as {
      apiVersion?: unknown;
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown; labels?: unknown };
    } | null;
    if (typeof object?.apiVersion !== 'string' || typeof object.kind !== 'string') continue;
    const name = object.metadata?.name;
    if (typeof name !== 'string') continue;
    const labels = object.metadata?.labels;
    found.push({
      kind: object.kind,
      name,
      ...(typeof object.metadata?.namespace === 'string' ? { namespace: object.metadata.namespace } : {}),
      labels: labels !== null && typeof labels === 'object' ? (labels as Record<string, unknown>) : {},
    });
  }
  return found;
}

/** The YAML files a lab applies: everything under manifests/ and files/. */
export function labYamlFiles(labId: string): string[] {
  const files: string[] = [];
  for (const folder of ['manifests', 'files']) {
    const dir = join(labDir(labId), folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(join(entry.parentPath, entry.name));
    }
  }
  return files.sort();
}

/** What a lab may create outside its namespaces' contents: its namespaces and its cluster-scoped objects. */
export function ownedObjects(lab: Pick<Lab, 'id' | 'namespaces'>): { kind: string; name: string }[] {
  const owned = new Map<string, { kind: string; name: string }>();
  for (const name of lab.namespaces) owned.set(`Namespace/${name}`, { kind: 'Namespace', name });
  for (const file of labYamlFiles(lab.id)) {
    for (const object of objectsIn(readFileSync(file, 'utf8'))) {
      if (CLUSTER_SCOPED.has(object.kind)) owned.set(`${object.kind}/${object.name}`, object);
    }
  }
  return [...owned.values()];
}

interface Found {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
}

/** `kubectl get a/x b/y -o json` prints one object for one name and a List for several. */
function itemsOf(stdout: string): Found[] {
  if (stdout.trim() === '') return [];
  const parsed = JSON.parse(stdout) as Found & { items?: Found[] };
  return Array.isArray(parsed.items) ? parsed.items : [parsed];
}

function describe(objects: readonly { kind: string; name: string }[]): string {
  return objects
    .map((object) => `${object.kind === 'Namespace' ? 'namespace' : object.kind} ${object.name}`)
    .join(', ');
}

export interface Ownership {
  /** Objects of the lab's names that carry its label: an earlier run of the lab made them. */
  ours: { kind: string; name: string }[];
}

/**
 * Before a run touches a cluster it did not create: every namespace and cluster-scoped object of the lab's
 * names that already exists must carry the lab's label, or the run stops here, before any change, with one
 * line naming them. Nobody else's `monitoring` namespace is ever applied to, relabelled or deleted.
 */
export async function requireOwnership(lab: Pick<Lab, 'id' | 'namespaces'>, cluster: Cluster): Promise<Ownership> {
  const owned = ownedObjects(lab);
  if (owned.length === 0) return { ours: [] };
  const names = owned.map((object) => shellQuote(`${object.kind.toLowerCase()}/${object.name}`)).join(' ');
  const result = await sh(`kubectl get ${names} --ignore-not-found -o json`, {
    cwd: process.cwd(),
    env: childEnv(cluster.kubeconfig),
    timeoutMs: 60_000,
  });
  let items: Found[];
  try {
    if (result.exitCode !== 0) throw new Error(result.stderr.trim().split('\n')[0] || `exit code ${result.exitCode}`);
    items = itemsOf(result.stdout);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `cannot tell whether cluster ${cluster.name} already holds objects of lab ${lab.id} (kubectl get: ${why}); the run changed nothing`,
      1,
    );
  }
  const present = items.map((item) => ({
    kind: item.kind ?? '?',
    name: item.metadata?.name ?? '?',
    label: item.metadata?.labels?.[LAB_LABEL],
  }));
  const foreign = present.filter((object) => object.label !== lab.id);
  if (foreign.length > 0) {
    const one = foreign.length === 1;
    const them = one ? 'it' : 'them';
    const refs = foreign.map((object) => `${object.kind.toLowerCase()}/${object.name}`).join(' ');
    throw new UserError(
      `${describe(foreign)} already ${one ? 'exists' : 'exist'} on cluster ${cluster.name} without the label ${labSelector(lab.id)}: lab ${lab.id} did not create ${them} and will not touch ${them}, so the run stopped before changing anything. ` +
        `Left by a run of this lab from before the kit labelled what it creates? Delete ${them}: KUBECONFIG=${displayPath(cluster.kubeconfig)} kubectl delete ${refs}. ` +
        `${one ? 'Is it' : 'Are they'} someone else's? Then lab ${lab.id} cannot run on this cluster.`,
    );
  }
  return { ours: present.map(({ kind, name }) => ({ kind, name })) };
}
