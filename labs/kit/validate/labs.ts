import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from '../deps.ts';
import { exportBash } from '../export.ts';
import { labDir, repoRoot } from '../paths.ts';
import type { Lab } from '../schema.ts';
import { childEnv, sh, shellQuote } from '../sh.ts';
import { validateKindConfig } from './kind-config.ts';
import { type Problem, validateManifest } from './manifests.ts';

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const CLUSTER_SCOPED = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'CertificateSigningRequest',
  'PriorityClass',
  'CustomResourceDefinition',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'IngressClass',
  'RuntimeClass',
  'APIService',
]);

/**
 * What a lab creates, it removes: namespaced objects live in namespaces the lab
 * owns (deleted on cleanup), and every cluster-scoped object is named in a cleanup command.
 */
export function cleanupProblems(lab: Pick<Lab, 'namespaces' | 'cleanup'>, file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  for (const document of parseAllDocuments(text)) {
    const object = document.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
    const kind = object?.kind;
    const name = object?.metadata?.name;
    if (!kind || !name) continue;
    if (kind === 'Namespace') {
      if (!lab.namespaces.includes(name)) {
        problems.push({
          file,
          message: `namespace ${name} is not in the lab's namespaces, so cleanup would leave it behind`,
        });
      }
    } else if (CLUSTER_SCOPED.has(kind)) {
      if (!lab.cleanup.some((command) => command.includes(name))) {
        problems.push({
          file,
          message: `cluster-scoped ${kind} ${name} is never deleted: add it to the lab's cleanup commands`,
        });
      }
    } else if (object?.metadata?.namespace !== undefined && !lab.namespaces.includes(object.metadata.namespace)) {
      problems.push({
        file,
        message: `${kind} ${name} lives in namespace ${object.metadata.namespace}, which the lab does not own or clean up`,
      });
    }
  }
  return problems;
}

export interface LabReport {
  problems: Problem[];
  manifests: number;
  kindConfigs: number;
  exports: number;
}

/** Manifests, kind config, images and the bash export of one lab. */
export async function validateLab(lab: Lab): Promise<LabReport> {
  const dir = labDir(lab.id);
  const problems: Problem[] = [];
  const files = yamlFiles(join(dir, 'manifests'));
  const seen = new Set<string>();
  for (const file of files) {
    const name = relative(repoRoot, file);
    const text = readFileSync(file, 'utf8');
    const { problems: found, images } = await validateManifest(name, text);
    problems.push(...found, ...cleanupProblems(lab, name, text));
    for (const image of images) {
      seen.add(image);
      if (!lab.images.includes(image)) {
        problems.push({
          file: name,
          message: `image "${image}" is not listed in the lab's images (lab.ts), so bundles and doctor miss it`,
        });
      }
    }
  }
  let kindConfigs = 0;
  const kindFile = join(dir, 'kind.yaml');
  if (existsSync(kindFile)) {
    kindConfigs = 1;
    for (const message of validateKindConfig(readFileSync(kindFile, 'utf8'))) {
      problems.push({ file: relative(repoRoot, kindFile), message });
    }
  }
  const script = exportBash(lab);
  const temp = mkdtempSync(join(tmpdir(), 'lab-export-'));
  try {
    const file = join(temp, `${lab.id}.sh`);
    writeFileSync(file, script);
    const result = await sh(`shellcheck --shell=bash --format=gcc ${shellQuote(file)}`, {
      cwd: temp,
      env: childEnv(undefined),
      timeoutMs: 60_000,
    });
    if (result.exitCode === 127) {
      problems.push({
        file: `export of ${lab.id}`,
        message: 'shellcheck is not installed (apt-get install shellcheck)',
      });
    } else if (result.exitCode !== 0) {
      const lines = result.stdout
        .trim()
        .split('\n')
        .slice(0, 5)
        .map((line) => line.replace(`${file}:`, 'line '));
      problems.push({ file: `npm run lab -- export ${lab.id}`, message: `shellcheck: ${lines.join(' | ')}` });
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return { problems, manifests: files.length, kindConfigs, exports: 1 };
}
