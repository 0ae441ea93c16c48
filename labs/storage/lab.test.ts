// What the storage lab teaches that needs no cluster, proven on this machine's
// kernel with the lab's own numbers: tmpfs pages count against the writer's
// memory limit (OOM kill), and sizeLimit sizes the tmpfs (ENOSPC). The same
// kernel mechanisms run under the kubelet; the Kubernetes parts run on a Docker machine.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { meets } from '../kit/checks.ts';
import { parseAllDocuments } from '../kit/deps.ts';
import { loadLab } from '../kit/registry.ts';
import type { Lab } from '../kit/schema.ts';
import { describeAsRoot } from '../kit/testing/root.ts';
import { MemoryCgroup } from './kernel.ts';

const here = import.meta.dirname;
let lab: Lab;

interface Container {
  name: string;
  resources?: { limits?: { memory?: string } };
}
interface Pod {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: {
    containers: Container[];
    volumes?: {
      name: string;
      emptyDir?: { medium?: string; sizeLimit?: string };
      persistentVolumeClaim?: { claimName: string };
    }[];
  };
}

function objects(file: string): Pod[] {
  return parseAllDocuments(readFileSync(join(here, 'manifests', file), 'utf8')).map(
    (document) => document.toJS() as Pod,
  );
}

function mebibytes(quantity: string | undefined): number {
  const match = /^(\d+)Mi$/.exec(quantity ?? '');
  if (!match) throw new Error(`expected a quantity in Mi, got "${quantity}"`);
  return Number(match[1]);
}

function pod(file: string, name: string): Pod {
  const found = objects(file).find((object) => object.kind === 'Pod' && object.metadata.name === name);
  if (!found) throw new Error(`no Pod ${name} in ${file}`);
  return found;
}

function step(id: string) {
  const found = lab.steps.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

/** The dd that a step runs inside a container, with the container path swapped for a host one. */
function ddOf(stepId: string, containerPath: string, hostPath: string): { command: string; count: number } {
  const command = step(stepId).run.find((line) => line.includes(' dd '));
  const dd = command && /-- (dd if=\/dev\/zero of=(\S+) bs=1M count=(\d+))/.exec(command);
  if (!dd?.[1] || !dd[2]?.startsWith(containerPath)) throw new Error(`step ${stepId} has no dd into ${containerPath}`);
  return { command: dd[1].replace(containerPath, hostPath), count: Number(dd[3]) };
}

function bash(script: string) {
  return spawnSync('unshare', ['--mount', 'bash', '-c', script], { encoding: 'utf8' });
}

beforeAll(async () => {
  lab = await loadLab('storage');
});

describe('the storage lab definition', () => {
  test('every manifest a step applies exists, and every object lives in a namespace the lab cleans up', () => {
    for (const s of lab.steps) {
      for (const command of s.run) {
        for (const match of command.matchAll(/-f (manifests\/\S+)/g)) {
          const file = match[1] as string;
          for (const object of objects(file.replace('manifests/', ''))) {
            const namespace = object.metadata.namespace;
            if (object.kind === 'Namespace') expect(lab.namespaces).toContain(object.metadata.name);
            else if (namespace !== undefined) expect(lab.namespaces, `${file}`).toContain(namespace);
            else
              expect(command, `${file} has no namespace, so the command must name one`).toMatch(
                /kubectl -n (storage-lab|storage-lab-node) apply/,
              );
          }
        }
      }
    }
  });

  test('the two readers share one ReadWriteOnce claim; the exclusive claim is ReadWriteOncePod', () => {
    const claims = objects('pvc.yaml');
    expect(claims[0]).toMatchObject({ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } });
    for (const reader of objects('pvc-readers.yaml')) {
      expect(reader.spec.volumes?.[0]?.persistentVolumeClaim?.claimName).toBe('data');
    }
    expect(objects('rwop.yaml')[0]).toMatchObject({ spec: { accessModes: ['ReadWriteOncePod'] } });
    expect(pod('rwop-second.yaml', 'exclusive-second').spec.volumes?.[0]?.persistentVolumeClaim?.claimName).toBe(
      'exclusive',
    );
  });
});

describeAsRoot('memory-backed emptyDir, on this machine’s kernel (needs root)', () => {
  const cleanups: (() => void)[] = [];
  afterAll(() => {
    for (const cleanup of cleanups.reverse()) cleanup();
  });

  test('the OOM experiment’s numbers: the write outgrows the writer’s limit but fits the volume', () => {
    const ramDisk = pod('emptydir-memory.yaml', 'ram-disk');
    const filler = mebibytes(ramDisk.spec.containers.find((c) => c.name === 'filler')?.resources?.limits?.memory);
    const podLimit = ramDisk.spec.containers.reduce((sum, c) => sum + mebibytes(c.resources?.limits?.memory), 0);
    const { count } = ddOf('memory-emptydir-oom', '/ram', '/x');
    expect(ramDisk.spec.volumes?.[0]?.emptyDir).toEqual({ medium: 'Memory' });
    // The kubelet sizes a memory emptyDir without sizeLimit to the Pod's memory limits.
    expect(filler).toBeLessThan(count);
    expect(count).toBeLessThan(podLimit);
  });

  test('tmpfs pages count against the writing process’s memory cgroup: the write is OOM-killed', () => {
    const ramDisk = pod('emptydir-memory.yaml', 'ram-disk');
    const filler = mebibytes(ramDisk.spec.containers.find((c) => c.name === 'filler')?.resources?.limits?.memory);
    const podLimit = ramDisk.spec.containers.reduce((sum, c) => sum + mebibytes(c.resources?.limits?.memory), 0);
    const cgroup = new MemoryCgroup(`fieldlab-storage-test-${process.pid}`, filler * 2 ** 20);
    cleanups.push(() => cgroup.remove());
    const mount = `/tmp/fieldlab-ram-${process.pid}`;
    cleanups.push(() => rmSync(mount, { recursive: true, force: true }));
    const { command } = ddOf('memory-emptydir-oom', '/ram', mount);
    const result = bash(
      `mkdir -p ${mount} && mount -t tmpfs -o size=${podLimit}m tmpfs ${mount} && ` +
        `(bash -c '${cgroup.enter()} exec ${command}'; echo "exit=$?"; du -m ${mount}/fill)`,
    );
    expect(result.stdout, result.stderr).toMatch(/exit=137/);
    expect(cgroup.oomKills()).toBe(1);
    const written = Number(/^(\d+)/m.exec(result.stdout.split('\n').find((line) => line.includes('/fill')) ?? '')?.[1]);
    expect(written).toBeLessThanOrEqual(filler);
  });

  test('sizeLimit sizes the tmpfs: df shows what the lab’s check expects, and the write fails with ENOSPC', () => {
    const capped = pod('emptydir-memory.yaml', 'ram-capped');
    const size = mebibytes(capped.spec.volumes?.[0]?.emptyDir?.sizeLimit);
    const limit = mebibytes(capped.spec.containers[0]?.resources?.limits?.memory);
    const mount = `/tmp/fieldlab-cache-${process.pid}`;
    cleanups.push(() => rmSync(mount, { recursive: true, force: true }));
    const { command, count } = ddOf('memory-emptydir-sizelimit', '/cache', mount);
    expect(size).toBeLessThan(count);
    expect(count).toBeLessThan(limit);
    const result = bash(
      `mkdir -p ${mount} && mount -t tmpfs -o size=${Math.min(size, limit)}m tmpfs ${mount} && df -k ${mount} && ` +
        `(${command}; echo "exit=$?")`,
    );
    const dfCheck = step('memory-emptydir-sizelimit').checks[0];
    if (dfCheck?.type !== 'command') throw new Error('expected the df check first');
    const df = result.stdout.split('\n').slice(0, 2).join('\n');
    expect(meets(dfCheck.expect, { exitCode: 0, stdout: df, stderr: '' }), df).toBe(true);
    expect(result.stderr).toContain('No space left on device');
    expect(result.stdout).toMatch(/exit=1/);
  });
});
