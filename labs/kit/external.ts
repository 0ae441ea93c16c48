import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.ts';
import type { Cluster } from './kind.ts';
import { userPath, workDir, workFolder } from './paths.ts';
import type { Lab } from './schema.ts';
import { childEnv, sh, shellQuote } from './sh.ts';

/**
 * Another cluster, named explicitly. The user's file is only read: its chosen
 * context is flattened into a file of the run's own, which every child then uses.
 */
export async function externalCluster(lab: Lab, kubeconfig: string, context: string | undefined): Promise<Cluster> {
  if (lab.cluster !== 'any') {
    throw new UserError(
      `lab ${lab.id} runs only on its own kind cluster (it relies on kind's node shape); drop --kubeconfig to let it create one`,
    );
  }
  const source = userPath(kubeconfig);
  if (!existsSync(source)) throw new UserError(`--kubeconfig ${kubeconfig}: no such file`);
  const contextFlag = context ? ` --context ${shellQuote(context)}` : '';
  const view = await sh(`kubectl config view --minify --flatten${contextFlag}`, {
    cwd: process.cwd(),
    env: childEnv(source),
    timeoutMs: 20_000,
  });
  if (view.exitCode !== 0 || view.stdout.trim() === '') {
    const why = view.stderr.trim().split('\n')[0] ?? 'no output';
    throw new UserError(`cannot read context ${context ?? '(current)'} from ${kubeconfig}: ${why}`);
  }
  const dir = workFolder(workDir(lab.id));
  const own = join(dir, 'external.kubeconfig');
  writeFileSync(own, view.stdout, { mode: 0o600 });
  chmodSync(own, 0o600);
  return { name: context ?? 'current-context', kubeconfig: own, created: false, external: true };
}
