// Unit tests with fake docker/kind/kubectl on PATH: how a run reaches the source-built platform.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PLATFORM } from './platform.ts';
import { calls, cli, demoSandbox, rule, type Sandbox } from './testing/harness.ts';

/** A capability bounding set with CAP_SYS_RESOURCE, so only the cgroup version varies. */
const FULL = '000001ffffffffff';

const demo = demoSandbox;

function cgroupRoot(box: Sandbox, version: 1 | 2): string {
  const dir = join(box.root, `cgroup-v${version}`);
  mkdirSync(dir, { recursive: true });
  if (version === 2) writeFileSync(join(dir, 'cgroup.controllers'), 'cpu memory pids\n');
  return dir;
}

function createCall(box: Sandbox): string[] {
  const create = calls(box).find((call) => call.tool === 'kind' && call.args[0] === 'create');
  if (!create) throw new Error('kind create cluster was never called');
  return create.args;
}

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

describe('the node image and the host’s cgroups (unit tests with fake tools)', () => {
  test('without --node-image, kind creates the cluster from the pinned upstream image', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo'], { LAB_CGROUP_ROOT: cgroupRoot(box, 2), LAB_CAPBND: FULL });
    expect(result.code, result.stderr).toBe(0);
    expect(flag(createCall(box), '--image')).toBe(PLATFORM.nodeImage);
    expect(flag(createCall(box), '--config')).toBeUndefined();
  });

  test('--node-image reaches kind create cluster unchanged', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo', '--node-image', PLATFORM.sourceBuiltNodeImage], {
      LAB_CGROUP_ROOT: cgroupRoot(box, 2),
      LAB_CAPBND: FULL,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(flag(createCall(box), '--image')).toBe(PLATFORM.sourceBuiltNodeImage);
  });

  test('a run on a reused cluster records the node image the engine reports, and refuses another --node-image', async () => {
    const box = demo();
    const hostEnv = { LAB_CGROUP_ROOT: cgroupRoot(box, 2), LAB_CAPBND: FULL };
    const nodeImage = ['--node-image', PLATFORM.sourceBuiltNodeImage];
    expect((await cli(box, ['run', 'demo', '--keep', ...nodeImage], hostEnv)).code).toBe(0);
    rule(box, 'docker', 'inspect --format', 0, PLATFORM.sourceBuiltNodeImage);
    const reused = await cli(box, ['run', 'demo', '--keep', '--record', ...nodeImage], hostEnv);
    expect(reused.code, reused.stderr).toBe(0);
    expect(reused.stdout).toContain('reusing cluster fieldlab');
    const dir = join(box.labsDir, 'demo', 'runs');
    const [file] = readdirSync(dir);
    const transcript = JSON.parse(readFileSync(join(dir, file as string), 'utf8'));
    expect(transcript.platform).toMatchObject({ nodeImage: PLATFORM.sourceBuiltNodeImage, source: 'source-built' });

    const other = await cli(box, ['run', 'demo', '--node-image', PLATFORM.nodeImage], hostEnv);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain(`cluster fieldlab runs node image ${PLATFORM.sourceBuiltNodeImage}`);
  });

  test('on a cgroup v1 host the run says so and creates the cluster with the kubelet patch', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo', '--record'], {
      LAB_CGROUP_ROOT: cgroupRoot(box, 1),
      LAB_CAPBND: FULL,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/note: this host mounts cgroup v1: the kubelet gets failCgroupV1: false/);
    const config = flag(createCall(box), '--config');
    expect(config).toBeDefined();
    const text = readFileSync(config ?? '', 'utf8');
    expect(text).toContain('kind: Cluster');
    expect(text).toContain('failCgroupV1: false');
  });
});
