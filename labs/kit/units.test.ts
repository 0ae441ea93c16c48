import { describe, expect, test } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';
import { Lab } from './schema.ts';
import { labStatus, type Transcript } from './transcript.ts';
import { compareVersions, extractVersion } from './versions.ts';

describe('durations', () => {
  test('parses the three units and quotes a bad value', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(() => parseDuration('5x')).toThrow('Unknown duration: "5x"');
  });

  test('formats like "Ready after 12s"', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(95_000)).toBe('1m35s');
  });
});

describe('versions', () => {
  test('pulls the version out of tool output', () => {
    expect(extractVersion('kind v0.33.0 go1.25.3 linux/amd64')).toBe('0.33.0');
    expect(extractVersion('OpenSSL 3.0.17 1 Jul 2025')).toBe('3.0.17');
    expect(extractVersion('v3.16.2+g1a2b3c')).toBe('3.16.2');
    expect(extractVersion('nothing here')).toBeUndefined();
  });

  test('compares numerically, not as text', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
    expect(compareVersions('0.33', '0.33.0')).toBe(0);
    expect(compareVersions('1.29.2', '1.35.0')).toBe(-1);
  });
});

describe('lab schema', () => {
  const minimal = {
    id: 'x',
    title: { en: 'X', 'zh-cn': 'X' },
    summary: { en: 'X', 'zh-cn': 'X' },
    duration: 1,
    tools: [{ name: 'kubectl', min: '1.35.0' }],
    steps: [
      {
        id: 'one',
        title: { en: 'One', 'zh-cn': '一' },
        explain: { en: 'e', 'zh-cn': 'e' },
        run: ['true'],
        checks: [{ type: 'command', run: 'true', expect: {}, proves: { en: 'p', 'zh-cn': 'p' } }],
      },
    ],
  };

  test('fills defaults: cluster steps, kind cluster, two-minute step timeout', () => {
    const lab = Lab.parse(minimal);
    expect(lab.steps[0]).toMatchObject({ where: 'cluster', timeout: '2m', show: [] });
    expect(lab.cluster).toBe('kind');
  });

  test('refuses a step without checks, a missing translation, an unpinned image, duplicate step ids', () => {
    const step = minimal.steps[0];
    expect(Lab.safeParse({ ...minimal, steps: [{ ...step, checks: [] }] }).success).toBe(false);
    expect(Lab.safeParse({ ...minimal, title: { en: 'X' } }).success).toBe(false);
    expect(Lab.safeParse({ ...minimal, images: ['busybox'] }).success).toBe(false);
    expect(Lab.safeParse({ ...minimal, images: ['busybox:latest'] }).success).toBe(false);
    expect(Lab.safeParse({ ...minimal, steps: [step, step] }).success).toBe(false);
  });

  test('an exercise may only build on steps the lab has', () => {
    const exercise = {
      id: 'fix-it',
      title: { en: 'Fix', 'zh-cn': '修' },
      after: ['missing'],
      break: ['false'],
      hint: { en: 'h', 'zh-cn': 'h' },
      verify: [{ type: 'command', run: 'true', expect: {}, proves: { en: 'p', 'zh-cn': 'p' } }],
      solve: ['true'],
    };
    const parsed = Lab.safeParse({ ...minimal, exercises: [exercise] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('names step "missing", which the lab does not have');
  });
});

describe('status badge', () => {
  const transcript = (over: Partial<Transcript>): Transcript => ({
    lab: 'x',
    scope: 'full',
    result: 'passed',
    startedAt: '2026-11-01T10:00:00.000Z',
    durationMs: 7 * 60_000,
    platform: { kind: '0.33.0', kubernetes: '1.36.4', os: 'linux/amd64' },
    tools: {},
    images: [],
    steps: [],
    ...over,
  });

  test('only full runs on a cluster count; host-only runs leave the lab "offline"', () => {
    expect(labStatus([])).toEqual({ kind: 'offline' });
    expect(labStatus([transcript({ scope: 'host' })])).toEqual({ kind: 'offline' });
  });

  test('the newest full run decides, with versions, date and minutes', () => {
    const older = transcript({ startedAt: '2026-10-01T10:00:00.000Z', result: 'failed' });
    expect(labStatus([transcript({}), older])).toEqual({
      kind: 'verified',
      kindVersion: '0.33.0',
      kubernetes: '1.36.4',
      date: '2026-11-01',
      minutes: 7,
      notRun: [],
    });
  });

  test('a run on the source-built platform is named so, with its engine and the checks that did not run', () => {
    const run = transcript({
      platform: {
        kind: '0.33.0',
        kubernetes: '1.36.4',
        source: 'source-built',
        engine: 'podman 4.3.1',
        os: 'linux/x64',
      },
      steps: [
        {
          id: 'memory-emptydir-oom',
          where: 'cluster',
          result: 'passed',
          durationMs: 1,
          commands: [],
          checks: [{ command: 'kubectl get', ok: true, expected: '', seen: '', output: '', notRun: 'needs cgroup v2' }],
        },
      ],
    });
    expect(labStatus([run])).toMatchObject({
      kind: 'source-built',
      engine: 'podman 4.3.1',
      notRun: [{ step: 'memory-emptydir-oom', reason: 'needs cgroup v2' }],
    });
  });

  test('a failed newest run says so and names the step', () => {
    const failed = transcript({
      result: 'failed',
      steps: [{ id: 'pvc-binds', where: 'cluster', result: 'failed', durationMs: 1, commands: [], checks: [] }],
    });
    expect(labStatus([failed])).toMatchObject({ kind: 'failed', step: 'pvc-binds' });
  });
});

describe('setting up by hand', () => {
  test('mirrors the runner: its cluster, pinned image, own kubeconfig file and work folder', async () => {
    const { byHandSetup } = await import('./by-hand.ts');
    const { PLATFORM } = await import('./platform.ts');
    const commands = byHandSetup({
      id: 'storage',
      steps: [{ where: 'cluster' }] as unknown as Parameters<typeof byHandSetup>[0]['steps'],
    });
    expect(commands).toEqual([
      `kind get clusters | grep -qx fieldlab || kind create cluster --name fieldlab --image ${PLATFORM.nodeImage} --kubeconfig .lab-work/clusters/fieldlab.kubeconfig`,
      'kind export kubeconfig --name fieldlab --kubeconfig .lab-work/clusters/fieldlab.kubeconfig',
      'export KUBECONFIG="$PWD/.lab-work/clusters/fieldlab.kubeconfig"',
      'mkdir -p .lab-work/storage',
      'cp -R labs/storage/manifests .lab-work/storage/',
      'cd .lab-work/storage',
    ]);
  });

  test('a lab with its own kind.yaml creates its cluster from the lab folder, where relative mounts resolve', async () => {
    const { byHandSetup } = await import('./by-hand.ts');
    const { PLATFORM } = await import('./platform.ts');
    const [create] = byHandSetup({
      id: 'audit',
      steps: [{ where: 'cluster' }] as unknown as Parameters<typeof byHandSetup>[0]['steps'],
    });
    expect(create).toBe(
      `kind get clusters | grep -qx fieldlab-audit || (cd labs/audit && kind create cluster --name fieldlab-audit --image ${PLATFORM.nodeImage} --kubeconfig ../../.lab-work/clusters/fieldlab-audit.kubeconfig --config kind.yaml)`,
    );
  });
});
