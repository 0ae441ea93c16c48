import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { clusterName, kubeconfigFile } from './kind.ts';
import { hasOwnKindConfig, labDir, stateRoot } from './paths.ts';
import { PLATFORM } from './platform.ts';
import type { Lab } from './schema.ts';

/**
 * What the runner does before the first step, as commands a reader types from the
 * repository root to follow a page by hand: the same cluster, the same kubeconfig
 * file of its own, the same work folder.
 */
export function byHandSetup(lab: Pick<Lab, 'id' | 'steps'>): string[] {
  const commands: string[] = [];
  if (lab.steps.some((step) => step.where === 'cluster')) {
    const name = clusterName(lab);
    const kubeconfig = relative(stateRoot(), kubeconfigFile(name));
    const create = `kind create cluster --name ${name} --image ${PLATFORM.nodeImage} --kubeconfig`;
    // kind resolves a relative extraMounts hostPath from where it runs: in the lab's folder, as the runner does.
    const created = hasOwnKindConfig(lab.id)
      ? `(cd labs/${lab.id} && ${create} ../../${kubeconfig} --config kind.yaml)`
      : `${create} ${kubeconfig}`;
    commands.push(
      `kind get clusters | grep -qx ${name} || ${created}`,
      `kind export kubeconfig --name ${name} --kubeconfig ${kubeconfig}`,
      `export KUBECONFIG="$PWD/${kubeconfig}"`,
    );
  }
  const inputs = ['manifests', 'files'].filter((input) => existsSync(join(labDir(lab.id), input)));
  const work = `.lab-work/${lab.id}`;
  commands.push(`mkdir -p ${work}`);
  if (inputs.length > 0) commands.push(`cp -R ${inputs.map((input) => `labs/${lab.id}/${input}`).join(' ')} ${work}/`);
  commands.push(`cd ${work}`);
  return commands;
}
