import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cluster, exportLogs } from './kind.ts';
import type { Lab } from './schema.ts';
import { childEnv, sh, shellWord } from './sh.ts';

/**
 * Saves what explains a failure, before anything is cleaned up: the failure
 * itself, events, descriptions of the lab's namespaces and kind's node logs.
 */
export async function saveDiagnostics(
  lab: Lab,
  cluster: Cluster | undefined,
  dir: string,
  failure: string,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'failure.txt'), `${failure}\n`);
  if (!cluster) return dir;
  const env = childEnv(cluster.kubeconfig);
  const capture = async (file: string, command: string) => {
    const result = await sh(command, { cwd: dir, env, timeoutMs: 60_000 });
    writeFileSync(join(dir, file), `$ ${command}\n${result.stdout}${result.stderr}`);
  };
  await capture('events.txt', 'kubectl get events -A --sort-by=.lastTimestamp');
  await capture('nodes.txt', 'kubectl describe nodes');
  for (const namespace of lab.namespaces) {
    await capture(`get-${namespace}.txt`, `kubectl get all,pvc,configmap,secret -n ${shellWord(namespace)} -o wide`);
    await capture(`describe-${namespace}.txt`, `kubectl describe all,pvc -n ${shellWord(namespace)}`);
  }
  if (!cluster.external) await exportLogs(cluster, join(dir, 'kind-logs'));
  return dir;
}
