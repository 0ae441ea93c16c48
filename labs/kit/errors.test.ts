// Bad input: one line naming the problem and the fix, exit code 2, no stack trace.
// Unit tests with fake tools on PATH; no cluster is involved.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { addLab, calls, cli, DEMO_FILES, demoLab, demoSandbox, env, repo, sandbox } from './testing/harness.ts';
import { testAsRoot } from './testing/root.ts';

function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const demoBox = demoSandbox;

describe('bad input (unit tests with fake tools)', () => {
  test('unknown lab names the labs that exist', async () => {
    expectOneLineError(await cli(demoBox(), ['run', 'nope']), /unknown lab "nope"; choose one of: demo/);
  });

  test('unknown step names the steps that exist', async () => {
    expectOneLineError(
      await cli(demoBox(), ['run', 'demo', '--from', 'nope']),
      /^lab: no step "nope" in lab demo; its steps: make-file, apply, wait$/,
    );
  });

  test('run without a lab names the labs', async () => {
    expectOneLineError(await cli(demoBox(), ['run']), /^lab: run needs a lab: choose one of: demo$/);
    expectOneLineError(await cli(demoBox(), ['run', '--keep']), /^lab: run needs a lab: choose one of: demo$/);
  });

  test('an exercise verb without the exercise names the lab’s exercises', async () => {
    expectOneLineError(
      await cli(demoBox(), ['break', 'demo']),
      /^lab: break needs an exercise: lab demo has broken-file$/,
    );
  });

  test('too many arguments names the ones to leave out', async () => {
    expectOneLineError(
      await cli(demoBox(), ['run', 'demo', 'extra']),
      /^lab: run takes one argument \(lab\); leave out "extra" \("npm run lab -- help run" says more\)$/,
    );
    expectOneLineError(
      await cli(demoBox(), ['check', 'demo', 'apply', 'x']),
      /^lab: check takes at most 2 arguments \(lab, step\); leave out "x"/,
    );
  });

  test('help for a verb that does not exist fails and names the verbs', async () => {
    expectOneLineError(
      await cli(demoBox(), ['help', 'nosuch']),
      /^lab: unknown verb "nosuch"; choose one of: list, run/,
    );
  });

  test('unknown verb names the verbs', async () => {
    expectOneLineError(
      await cli(demoBox(), ['frobnicate']),
      /unknown verb "frobnicate"; choose one of: list, run, check/,
    );
  });

  test('an unknown option is named, with the nearest one and every option of the verb', async () => {
    const result = await cli(demoBox(), ['run', 'demo', '--kepp']);
    expectOneLineError(
      result,
      /^lab: unknown option --kepp \(did you mean --keep\?\); run takes --keep, --step, --from <step>, --only host, --record, --exercises, --junit FILE, --kubeconfig FILE, --context NAME, --lang zh-cn, --node-image REF, --registry-mirror REGISTRY=URL \("npm run lab -- help run" says more\)$/,
    );
    expect(result.stderr).not.toContain('positional');
    expectOneLineError(
      await cli(demoBox(), ['list', '--fast']),
      /^lab: unknown option --fast; list takes --json \("npm run lab -- help list" says more\)$/,
    );
    expectOneLineError(
      await cli(demoBox(), ['export', 'demo', '-x']),
      /^lab: unknown option -x; export takes no options/,
    );
  });

  test('an option without its value, or a value for a switch, is said plainly', async () => {
    expectOneLineError(await cli(demoBox(), ['run', 'demo', '--from']), /^lab: --from needs a value: --from <step>$/);
    expectOneLineError(
      await cli(demoBox(), ['run', 'demo', '--keep=yes']),
      /^lab: --keep takes no value; write just --keep$/,
    );
  });

  test('--only takes host only', async () => {
    expectOneLineError(await cli(demoBox(), ['run', 'demo', '--only', 'cluster']), /--only takes "host"/);
  });

  test('no Docker engine fails within seconds, names Docker and how to start it, creates nothing', async () => {
    const box = demoBox();
    const started = Date.now();
    const result = await cli(box, ['run', 'demo'], { FAKE_DOCKER_DOWN: '1' });
    expectOneLineError(result, /no Docker engine is reachable \(Cannot connect to the Docker daemon.*start Docker/);
    expect(Date.now() - started).toBeLessThan(15_000);
    // Naming every missing piece runs `kind version` (with KUBECONFIG=/dev/null); nothing else reaches kind.
    const probe = (call: { line: string; kubeconfig: string }) =>
      call.line === 'kind version' && call.kubeconfig === '/dev/null';
    expect(calls(box).filter((call) => (call.tool === 'kind' && !probe(call)) || call.args[0] === 'apply')).toEqual([]);
  });

  test('without Docker, run names every missing piece at once and what works without a cluster', async () => {
    const box = demoBox(['docker', 'kubectl']);
    const result = await cli(box, ['run', 'demo'], { FAKE_DOCKER_DOWN: '1', FAKE_KUBECTL_VERSION: 'v1.29.2' });
    expectOneLineError(result, /^lab: 3 things this lab needs are missing: \(1\) no Docker engine is reachable/);
    expect(result.stderr).toMatch(/\(2\) kind not found on PATH: install kind v0\.33\.0 or newer/);
    expect(result.stderr).toMatch(/\(3\) kubectl 1\.29\.2 is older than the 1\.35\.0 this lab needs/);
    expect(result.stderr).toContain(
      'Without a cluster, "npm run lab -- run demo --only host" runs its host step, and the exercise broken-file works offline ("npm run lab -- break demo broken-file", then hint, verify, solve).',
    );
    expect(calls(box).some((call) => call.line.startsWith('kubectl apply'))).toBe(false);
  });

  test('a lab with nothing on the host points to the labs that have host steps', async () => {
    const box = sandbox();
    const clusterOnly = `[{ id: 'apply', title: { en: 'Apply', 'zh-cn': '应用' }, explain: { en: 'e', 'zh-cn': 'e' },
      run: ['kubectl apply -f manifests/demo.yaml'],
      checks: [{ type: 'jsonpath', resource: 'namespace/demo', path: '{.status.phase}', expect: { equals: 'Active' },
        proves: { en: 'the namespace is active', 'zh-cn': '命名空间处于 Active' } }] }]`;
    addLab(box, 'demo', demoLab({ steps: clusterOnly, exercises: '[]' }), DEMO_FILES);
    const result = await cli(box, ['run', 'demo'], { FAKE_DOCKER_DOWN: '1' });
    expectOneLineError(result, /no Docker engine is reachable/);
    expect(result.stderr).toMatch(
      /Every step of lab demo needs a cluster; "npm run lab -- list" shows the labs with steps on the host/,
    );
    expect(result.stderr).not.toContain('--only host" runs');
  });

  test('a missing host tool is named with the cluster’s needs, and --only host is not offered', async () => {
    const box = sandbox();
    addLab(
      box,
      'demo',
      demoLab({
        tools: `[{ name: 'istioctl', min: '1.20', for: 'host' }, { name: 'docker', min: '24.0' }, { name: 'kind', min: '0.33.0' }, { name: 'kubectl', min: '1.35.0' }]`,
      }),
      DEMO_FILES,
    );
    const result = await cli(box, ['run', 'demo'], { FAKE_DOCKER_DOWN: '1' });
    expectOneLineError(
      result,
      /2 things this lab needs are missing: \(1\) istioctl not found on PATH.*\(2\) no Docker engine/,
    );
    expect(result.stderr).not.toContain('Without a cluster');
  });

  test('without the docker client, "install Docker" is said once', async () => {
    const box = demoBox(['kind', 'kubectl']);
    // A docker that is not there, whatever else /usr/bin holds (a podman shim, say).
    writeFileSync(join(box.bin, 'docker'), '#!/bin/sh\necho "docker: command not found" >&2\nexit 127\n', {
      mode: 0o755,
    });
    const result = await cli(box, ['run', 'demo']);
    expectOneLineError(result, /^lab: docker not found on PATH: install Docker Engine or Docker Desktop/);
    expect(result.stderr).not.toContain('no Docker engine is reachable');
  });

  test('a missing tool is named with how to install it', async () => {
    const box = demoBox(['docker', 'kubectl']);
    expectOneLineError(await cli(box, ['run', 'demo']), /kind not found on PATH: install kind v0\.33\.0 or newer/);
  });

  test('a too-old tool is named with the version found and the one needed', async () => {
    const result = await cli(demoBox(), ['run', 'demo'], { FAKE_KUBECTL_VERSION: 'v1.29.2' });
    expectOneLineError(result, /kubectl 1\.29\.2 is older than the 1\.35\.0 this lab needs/);
  });

  test('a port the lab maps that is in use is named before a cluster is created', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const box = sandbox();
      addLab(box, 'demo', demoLab({ ports: `[${port}]` }), DEMO_FILES);
      const result = await cli(box, ['run', 'demo']);
      expectOneLineError(result, new RegExp(`port ${port} is in use`));
      expect(calls(box).some((call) => call.line.startsWith('kind create'))).toBe(false);
    } finally {
      server.close();
    }
  });

  test('a malformed lab definition names the file and the field', async () => {
    const box = sandbox();
    addLab(
      box,
      'demo',
      demoLab({
        steps: `[{ id: 'Bad_Step', title: { en: 'x', 'zh-cn': 'x' }, explain: { en: 'x', 'zh-cn': 'x' }, run: ['true'], checks: [] }]`,
      }),
    );
    expectOneLineError(
      await cli(box, ['list']),
      /malformed lab definition .*demo\/lab\.ts: steps\.0\.id: must be kebab-case/,
    );
  });

  test('a lab whose id does not match its folder is refused', async () => {
    const box = sandbox();
    addLab(box, 'other', demoLab());
    expectOneLineError(await cli(box, ['list']), /id "demo" must equal its folder name "other"/);
  });

  test('--step needs a terminal', async () => {
    expectOneLineError(await cli(demoBox(), ['run', 'demo', '--step']), /--step .* needs an interactive terminal/);
  });

  test('check without a kept cluster says how to get one', async () => {
    const result = await cli(demoBox(), ['check', 'demo']);
    expectOneLineError(result, /no cluster fieldlab for lab demo; run "npm run lab -- run demo --keep" first/);
  });

  test('--context without --kubeconfig is refused', async () => {
    expectOneLineError(await cli(demoBox(), ['run', 'demo', '--context', 'prod']), /--context needs --kubeconfig FILE/);
  });

  test('--kubeconfig without --context is refused before anything runs', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab({ cluster: `'any'` }), DEMO_FILES);
    expectOneLineError(
      await cli(box, ['run', 'demo', '--kubeconfig', box.userKubeconfig]),
      /^lab: --kubeconfig needs --context NAME, so the lab never runs against whichever context the file happens to select; "kubectl config get-contexts --kubeconfig .*user\.kubeconfig" lists them$/,
    );
    expect(calls(box)).toEqual([]);
  });

  test('--kubeconfig naming a missing file is refused', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab({ cluster: `'any'` }), DEMO_FILES);
    expectOneLineError(
      await cli(box, ['run', 'demo', '--kubeconfig', join(box.root, 'missing'), '--context', 'production']),
      /--kubeconfig .*missing: no such file/,
    );
  });

  // Needs root to act as another user (setpriv); CI runs as root.
  testAsRoot('a state folder that belongs to another user: one line, no stack trace', async () => {
    const box = demoBox();
    // The sandbox readable by nobody, its .lab-work root's own (as a checkout made with sudo would be).
    // Every folder above the sandbox (the test's temporary folders, npm test's too) lets others pass through.
    for (let dir = dirname(box.root); dir !== dirname(dir); dir = dirname(dir)) {
      const mode = statSync(dir).mode & 0o7777;
      if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o011);
    }
    for (const dir of [box.root, box.labsDir, join(box.labsDir, 'demo'), box.stateDir, box.bin]) chmodSync(dir, 0o755);
    mkdirSync(join(box.stateDir, '.lab-work'), { mode: 0o700 });
    const lab = [process.execPath, join(repo, 'scripts', 'lab.ts'), 'break', 'demo', 'broken-file'];
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...lab], {
      cwd: repo,
      env: env(box),
      encoding: 'utf8',
    });
    expectOneLineError(
      { code: result.status, stderr: result.stderr },
      /^lab: cannot use .*\.lab-work \((EACCES|EPERM): it belongs to another user\); run as the owner of this checkout, or set LAB_STATE_DIR to a folder of yours$/,
    );
  });

  test('an unknown exercise names the exercises', async () => {
    expectOneLineError(
      await cli(demoBox(), ['hint', 'demo', 'nope']),
      /^lab: no exercise "nope" in lab demo; its exercises: broken-file$/,
    );
  });

  test('a lab without exercises says so instead of offering "(none)"', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab({ exercises: '[]' }), DEMO_FILES);
    const result = await cli(box, ['hint', 'demo', 'nope']);
    expectOneLineError(
      result,
      /^lab: no exercises in lab demo yet, so none is called "nope"; "npm run lab -- list" shows the labs that have some$/,
    );
    expect(result.stderr).not.toContain('(none)');
    expectOneLineError(await cli(box, ['verify', 'demo']), /^lab: no exercises in lab demo yet/);
  });
});
