import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { exportBash } from '../export.ts';
import { CLUSTER_SCOPED, LAB_LABEL, labSelector, labYamlFiles, objectsIn } from '../ownership.ts';
import { labDir, repoRoot } from '../paths.ts';
import type { Lab } from '../schema.ts';
import { childEnv, sh, shellQuote } from '../sh.ts';
import { validateKindConfig } from './kind-config.ts';
import { type Problem, validateManifest } from './manifests.ts';
import { hasMeshObjects, type MeshReport, meshReport } from './mesh-lab.ts';

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * What a lab creates, it labels, and cleanup removes by that label only: every Namespace and cluster-scoped
 * object carries `fieldlab.dev/lab: <lab id>` and is covered by a cleanup command that deletes by the label;
 * namespaced objects live in namespaces the lab owns.
 */
export function cleanupProblems(
  lab: Pick<Lab, 'id' | 'namespaces' | 'cleanup'>,
  file: string,
  text: string,
): Problem[] {
  const problems: Problem[] = [];
  for (const object of objectsIn(text)) {
    const { kind, name } = object;
    if (kind === 'Namespace' && !lab.namespaces.includes(name)) {
      problems.push({
        file,
        message: `namespace ${name} is not in the lab's namespaces, so cleanup would leave it behind`,
      });
    }
    if (CLUSTER_SCOPED.has(kind)) {
      const label = object.labels[LAB_LABEL];
      if (label !== lab.id) {
        problems.push({
          file,
          message: `${kind} ${name} does not carry the label ${LAB_LABEL}: ${lab.id}${label === undefined ? '' : ` (it says ${String(label)})`}; cleanup deletes by that label only, and a run tells the lab's objects from anyone else's by it`,
        });
      }
      if (!deletedByLabel(lab, kind)) {
        problems.push({
          file,
          message: `cluster-scoped ${kind} ${name} is never deleted: add "kubectl delete ${kind.toLowerCase()} -l ${labSelector(lab.id)}" to the lab's cleanup commands`,
        });
      }
    } else if (object.namespace !== undefined && !lab.namespaces.includes(object.namespace)) {
      problems.push({
        file,
        message: `${kind} ${name} lives in namespace ${object.namespace}, which the lab does not own or clean up`,
      });
    }
  }
  return problems;
}

/** Short names kubectl accepts for the cluster-scoped kinds labs create. */
const SHORT_NAMES: Record<string, string> = {
  ns: 'Namespace',
  csr: 'CertificateSigningRequest',
  pv: 'PersistentVolume',
  sc: 'StorageClass',
  pc: 'PriorityClass',
  crd: 'CustomResourceDefinition',
  crds: 'CustomResourceDefinition',
};

/** The arguments of each `kubectl … delete …` in a command line, split on shell separators. */
function kubectlDeletes(command: string): string[][] {
  return command
    .split(/&&|\|\||;|\||\n/)
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0] === 'kubectl' && words.includes('delete'));
}

function selects(words: readonly string[], id: string): boolean {
  const selector = labSelector(id);
  return words.some(
    (word, index) =>
      word === `-l=${selector}` ||
      word === `--selector=${selector}` ||
      ((word === '-l' || word === '--selector') && words[index + 1] === selector),
  );
}

/** Whether a cleanup command deletes objects of this kind by the lab's label. */
function deletedByLabel(lab: Pick<Lab, 'id' | 'cleanup'>, kind: string): boolean {
  return lab.cleanup.some((command) =>
    kubectlDeletes(command).some((words) => {
      if (!selects(words, lab.id)) return false;
      const resources = (words[words.indexOf('delete') + 1] ?? '').split(',');
      return resources.some((resource) => {
        const plain = resource.toLowerCase().split('.')[0] ?? '';
        return SHORT_NAMES[plain] === kind || plain === kind.toLowerCase() || plain === `${kind.toLowerCase()}s`;
      });
    }),
  );
}

/**
 * The lab's commands as a whole: cleanup deletes only by the lab's label, and a namespace a step creates
 * with `kubectl create namespace` is labelled right after, in the same step.
 */
export function commandProblems(lab: Lab): Problem[] {
  const file = `labs/${lab.id}/lab.ts`;
  const problems: Problem[] = [];
  for (const command of lab.cleanup) {
    for (const words of kubectlDeletes(command)) {
      if (!selects(words, lab.id)) {
        problems.push({
          file,
          message: `cleanup command "${command}" deletes by name; delete by the lab's label only (kubectl delete … -l ${labSelector(lab.id)}), so a run never removes what it did not create`,
        });
      }
    }
  }
  if (lab.namespaces.length > 0 && !deletedByLabel(lab, 'Namespace')) {
    problems.push({
      file,
      message: `no cleanup command deletes the lab's namespaces: add "kubectl delete namespace -l ${labSelector(lab.id)} --wait=true --timeout=180s"`,
    });
  }
  const lists: { where: string; commands: string[] }[] = [
    ...lab.steps.map((step) => ({ where: `step ${step.id}`, commands: step.run })),
    ...lab.exercises.flatMap((exercise) => [
      { where: `exercise ${exercise.id} (break)`, commands: exercise.break },
      { where: `exercise ${exercise.id} (solve)`, commands: exercise.solve },
    ]),
  ];
  for (const { where, commands } of lists) {
    for (const [index, command] of commands.entries()) {
      // Runs use `set -o pipefail`: a reader that stops early (head) can kill the writer with SIGPIPE (141),
      // now and then, depending on how the writer's output is split.
      if (/\|\s*head\b/.test(command)) {
        problems.push({
          file,
          message: `${where} pipes into head ("${command}"): with pipefail the command fails with 141 whenever head leaves before the writer ends; select with jsonpath, or use sed -n 1p, which reads everything`,
        });
      }
      for (const match of command.matchAll(/kubectl\s+(?:\S+\s+)*?create\s+(?:namespace|ns)\s+([a-z0-9-]+)/g)) {
        const name = match[1] as string;
        const label = new RegExp(
          `kubectl\\s+(?:\\S+\\s+)*?label\\s+(?:namespace|ns)[/\\s]+${name}\\s+(?:\\S+\\s+)*?${LAB_LABEL.replaceAll('.', '\\.')}=${lab.id}(\\s|$)`,
        );
        if (!commands.slice(index).some((later) => label.test(later))) {
          problems.push({
            file,
            message: `${where} creates namespace ${name} without labelling it: follow with "kubectl label namespace ${name} ${labSelector(lab.id)}", or apply a Namespace manifest that carries the label`,
          });
        }
        if (!lab.namespaces.includes(name)) {
          problems.push({ file, message: `${where} creates namespace ${name}, which is not in the lab's namespaces` });
        }
      }
    }
  }
  return problems;
}

/** Longer than this, a pattern reads as noise on the page and in a failure: it needs `expect.describe`. */
export const READABLE_PATTERN = 100;

/** Checks whose pattern is too long to read, and that do not say in words what it accepts. */
export function patternProblems(lab: Lab): Problem[] {
  const file = `labs/${lab.id}/lab.ts`;
  const checks = [
    ...lab.steps.flatMap((step) => step.checks.map((check) => ({ where: `step ${step.id}`, check }))),
    ...lab.exercises.flatMap((exercise) =>
      exercise.verify.map((check) => ({ where: `exercise ${exercise.id}`, check })),
    ),
  ];
  return checks.flatMap(({ where, check }) => {
    if (check.type === 'condition') return [];
    const { matches, describe } = check.expect;
    if (matches === undefined || describe !== undefined || matches.length <= READABLE_PATTERN) return [];
    return [
      {
        file,
        message: `${where}: the check's pattern is ${matches.length} characters long; say what it accepts in expect.describe (both languages), which the page and the CLI show instead`,
      },
    ];
  });
}

export interface LabReport {
  problems: Problem[];
  manifests: number;
  kindConfigs: number;
  exports: number;
  /** The offline Istio proofs (pinned CRDs, IstioOperator Go types, analyze rules), for a lab with Istio or Gateway API objects. */
  mesh?: MeshReport;
}

/** Manifests, kind config, images and the bash export of one lab. */
export async function validateLab(lab: Lab): Promise<LabReport> {
  const dir = labDir(lab.id);
  const problems: Problem[] = [];
  const files = yamlFiles(join(dir, 'manifests'));
  const seen = new Set<string>();
  problems.push(...commandProblems(lab));
  problems.push(...patternProblems(lab));
  // Istio and Gateway API kinds are not in kubernetes-models: the pinned CRDs validate them instead.
  const mesh = hasMeshObjects(dir) ? meshReport(dir) : undefined;
  if (mesh) problems.push(...mesh.problems);
  // Objects applied from files/ (a CSR with a placeholder, say) are the lab's too.
  for (const file of labYamlFiles(lab.id).filter((path) => !files.includes(path))) {
    problems.push(...cleanupProblems(lab, relative(repoRoot, file), readFileSync(file, 'utf8')));
  }
  for (const file of files) {
    const name = relative(repoRoot, file);
    const text = readFileSync(file, 'utf8');
    const { problems: found, images } = await validateManifest(name, text, mesh?.crdKinds);
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
  return { problems, manifests: files.length, kindConfigs, exports: 1, ...(mesh ? { mesh } : {}) };
}
