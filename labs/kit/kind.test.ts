// kind is called with values the kit computes (cluster names, folders): each reaches kind as one argument,
// whatever it holds. Unit tests with the fake kind on PATH; no cluster.
import { afterEach, describe, expect, test } from 'vitest';
import { deleteCluster, exportLogs } from './kind.ts';
import { calls, env, sandbox } from './testing/harness.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('kind arguments (unit tests with fake tools)', () => {
  test('a cluster name bash would split or expand reaches kind whole', async () => {
    const box = sandbox();
    Object.assign(process.env, env(box));
    const cluster = { name: "lab's $(touch x) cluster", kubeconfig: `${box.root}/k`, created: true, external: false };
    await deleteCluster(cluster);
    await exportLogs(cluster, `${box.root}/logs dir`);
    expect(calls(box).map((call) => call.args)).toEqual([
      ['delete', 'cluster', '--name', "lab's $(touch x) cluster", '--kubeconfig', `${box.root}/k`],
      ['export', 'logs', `${box.root}/logs dir`, '--name', "lab's $(touch x) cluster"],
    ]);
  });
});
