// Unit tests of the lab kit's orchestration against fake docker/kind/kubectl
// executables on PATH that record their arguments and environment. No cluster
// runs here: these prove order, isolation, cleanup, signals and errors.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PLATFORM } from './platform.ts';
import {
  addLab,
  calls,
  cli,
  DEMO_FILES,
  demoLab,
  demoSandbox,
  healthyDemo,
  rule,
  type Sandbox,
  sandbox,
  start,
  waitFor,
} from './testing/harness.ts';

function digest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const demo = demoSandbox;

const ownKubeconfig = (box: Sandbox) => join(box.stateDir, '.lab-work', 'clusters', 'fieldlab.kubeconfig');

describe('isolation (unit tests with fake tools)', () => {
  test('every kind and kubectl call carries the run’s own kubeconfig, never the user’s', async () => {
    const box = demo();
    const before = [digest(box.userKubeconfig), digest(box.homeKubeconfig)];
    const result = await cli(box, ['run', 'demo']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const clusterCalls = calls(box).filter((call) => call.tool === 'kubectl' || call.tool === 'kind');
    expect(clusterCalls.length).toBeGreaterThan(4);
    for (const call of clusterCalls) {
      // Version probes run with KUBECONFIG=/dev/null: they must not reach any cluster at all.
      const probe = ['version', 'version --client -o json'].includes(call.args.join(' '));
      expect(call.kubeconfig, call.line).toBe(probe ? '/dev/null' : ownKubeconfig(box));
    }
    expect([digest(box.userKubeconfig), digest(box.homeKubeconfig)]).toEqual(before);
  });

  test('the user’s kubeconfig stays byte-identical even when KUBECONFIG points at the HOME file', async () => {
    const box = demo();
    const before = digest(box.homeKubeconfig);
    const result = await cli(box, ['run', 'demo'], { KUBECONFIG: box.homeKubeconfig });
    expect(result.code, result.stderr).toBe(0);
    expect(digest(box.homeKubeconfig)).toBe(before);
    expect(calls(box).some((call) => call.kubeconfig === box.homeKubeconfig && call.tool !== 'docker')).toBe(false);
  });

  test('host steps run with KUBECONFIG=/dev/null in the lab work folder', async () => {
    const box = demo();
    expect((await cli(box, ['run', 'demo'])).code).toBe(0);
    const work = join(box.stateDir, '.lab-work', 'demo');
    expect(readFileSync(join(work, 'host-kubeconfig.txt'), 'utf8')).toBe('/dev/null');
    expect(readFileSync(join(work, 'manifests', 'demo.yaml'), 'utf8')).toContain('kind: Namespace');
  });

  test('cluster credentials are the user’s alone: .lab-work and its clusters folder 0700, each kubeconfig 0600', async () => {
    const box = demo();
    // A folder an earlier version left open, and a kind that writes with the umask's 0644.
    mkdirSync(join(box.stateDir, '.lab-work', 'clusters'), { recursive: true, mode: 0o755 });
    chmodSync(join(box.stateDir, '.lab-work'), 0o755);
    chmodSync(join(box.stateDir, '.lab-work', 'clusters'), 0o755);
    const result = await cli(box, ['run', 'demo', '--keep']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect(mode(join(box.stateDir, '.lab-work'))).toBe('700');
    expect(mode(join(box.stateDir, '.lab-work', 'clusters'))).toBe('700');
    expect(mode(ownKubeconfig(box))).toBe('600');
    // A kept cluster reused by a later run: the file kind exports again is tightened too.
    rmSync(ownKubeconfig(box));
    expect((await cli(box, ['run', 'demo', '--keep'])).code).toBe(0);
    expect(mode(ownKubeconfig(box))).toBe('600');
  });

  test('--kubeconfig is refused for a lab that needs its own kind cluster', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo', '--kubeconfig', box.userKubeconfig, '--context', 'production']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/runs only on its own kind cluster/);
    expect(calls(box).filter((call) => call.tool === 'kind')).toEqual([]);
  });

  test('--kubeconfig with --context reads the user’s file once and runs against a copy of its own', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab({ cluster: `'any'` }), DEMO_FILES);
    healthyDemo(box);
    const before = digest(box.userKubeconfig);
    const result = await cli(box, ['run', 'demo', '--kubeconfig', box.userKubeconfig, '--context', 'production']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const own = join(box.stateDir, '.lab-work', 'demo', 'external.kubeconfig');
    const log = calls(box).filter((call) => call.tool === 'kubectl');
    const reads = log.filter((call) => call.kubeconfig === box.userKubeconfig);
    expect(reads.map((call) => call.args.join(' '))).toEqual(['config view --minify --flatten --context production']);
    expect(log.filter((call) => call.args[0] === 'apply').every((call) => call.kubeconfig === own)).toBe(true);
    expect(calls(box).some((call) => call.tool === 'kind' && call.args[0] !== 'version')).toBe(false);
    expect(digest(box.userKubeconfig)).toBe(before);
    // Nothing is removed before the steps on a cluster the user named; at the end, only what carries the label.
    const deletes = log.filter((call) => call.args.includes('delete'));
    expect(deletes.map((call) => call.args.join(' '))).toEqual([
      'delete namespace -l fieldlab.dev/lab=demo --wait=true --timeout=180s',
    ]);
    expect(log.indexOf(deletes[0] as (typeof log)[number])).toBeGreaterThan(
      log.findIndex((call) => call.args[0] === 'apply'),
    );
    // The copy holds the user's credentials: it is gone when the run ends, kept or not.
    expect(existsSync(own)).toBe(false);
    const kept = await cli(box, [
      'run',
      'demo',
      '--keep',
      '--kubeconfig',
      box.userKubeconfig,
      '--context',
      'production',
    ]);
    expect(kept.code, kept.stdout + kept.stderr).toBe(0);
    expect(existsSync(own)).toBe(false);
    expect(kept.stdout).toContain('kept what lab demo made on context production; your own kubeconfig reaches it');
  });
});

/** The demo lab, with a check and a whole step that need an image from outside the cluster. */
function needyLab(): string {
  return demoLab({
    steps: `[
      { id: 'apply', title: { en: 'Apply', 'zh-cn': '应用' }, explain: { en: 'e', 'zh-cn': 'e' },
        run: ['kubectl apply -f manifests/demo.yaml'],
        checks: [{ type: 'jsonpath', resource: 'namespace/demo', path: '{.status.phase}', expect: { equals: 'Active' }, timeout: '1s',
          proves: { en: 'the namespace is active', 'zh-cn': '命名空间处于 Active' } },
          { type: 'condition', resource: 'pod/app', namespace: 'demo', condition: 'Ready', timeout: '1s', needs: [{ image: 'busybox:1.37.0' }],
          proves: { en: 'the Pod is ready', 'zh-cn': 'Pod 已就绪' } }] },
      { id: 'wait', title: { en: 'Wait', 'zh-cn': '等待' }, explain: { en: 'e', 'zh-cn': 'e' }, needs: [{ image: 'busybox:1.37.0' }],
        run: ['kubectl -n demo wait pod/app --for=condition=Ready --timeout=60s'],
        checks: [{ type: 'condition', resource: 'pod/app', namespace: 'demo', condition: 'Ready', timeout: '1s',
          proves: { en: 'the Pod is ready', 'zh-cn': 'Pod 已就绪' } }] },
    ]`,
    exercises: '[]',
  });
}

describe('lifecycle (unit tests with fake tools)', () => {
  test('creates the cluster from the pinned node image, runs steps in order, deletes the cluster it created', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo']);
    expect(result.code).toBe(0);
    const lines = calls(box).map((call) => call.line);
    const create = lines.findIndex((line) => line.startsWith('kind create cluster'));
    const apply = lines.findIndex((line) => line.startsWith('kubectl apply -f manifests/demo.yaml'));
    const wait = lines.findIndex((line) => line.startsWith('kubectl -n demo wait pod/app'));
    const remove = lines.findIndex((line) => line.startsWith('kind delete cluster --name fieldlab'));
    expect(lines[create]).toContain(`--image ${PLATFORM.nodeImage}`);
    expect(lines[create]).toContain(`--kubeconfig ${ownKubeconfig(box)}`);
    expect(create).toBeGreaterThanOrEqual(0);
    expect(apply).toBeGreaterThan(create);
    expect(wait).toBeGreaterThan(apply);
    expect(remove).toBeGreaterThan(wait);
    expect(result.stdout).toMatch(/✔ apply: Apply: ready after/);
    expect(existsSync(join(box.fakeState, 'clusters', 'fieldlab'))).toBe(false);
  });

  test('reuses an existing cluster, cleans the lab’s namespaces before and after, keeps the cluster', async () => {
    const box = demo();
    expect((await cli(box, ['run', 'demo', '--keep'])).code).toBe(0);
    const kept = calls(box).length;
    const second = await cli(box, ['run', 'demo']);
    expect(second.code, second.stdout).toBe(0);
    const lines = calls(box)
      .slice(kept)
      .map((call) => call.line);
    expect(lines.some((line) => line.startsWith('kind create'))).toBe(false);
    expect(lines.some((line) => line.startsWith('kind delete'))).toBe(false);
    const deletes = lines.filter((line) => line.includes(' delete '));
    expect(deletes).toEqual([
      'kubectl delete namespace -l fieldlab.dev/lab=demo --wait=true --timeout=180s',
      'kubectl delete namespace -l fieldlab.dev/lab=demo --wait=true --timeout=180s',
    ]);
    expect(second.stdout).toContain('reusing cluster fieldlab');
    expect(existsSync(join(box.fakeState, 'clusters', 'fieldlab'))).toBe(true);
  });

  test('a second run right after the first passes', async () => {
    const box = demo();
    expect((await cli(box, ['run', 'demo'])).code).toBe(0);
    expect((await cli(box, ['run', 'demo'])).code).toBe(0);
  });

  test('--keep keeps the cluster and says how to reach it', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo', '--keep']);
    expect(result.code).toBe(0);
    expect(calls(box).some((call) => call.line.startsWith('kind delete'))).toBe(false);
    expect(result.stdout).toContain(`export KUBECONFIG=${ownKubeconfig(box)}`);
  });

  test('a failing check explains itself, saves diagnostics before deleting the cluster, exits 1', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab(), DEMO_FILES);
    rule(box, 'kubectl', 'get namespace/demo -o jsonpath', 0, 'Terminating');
    const result = await cli(box, ['run', 'demo']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Step "apply" (Apply) failed.');
    expect(result.stdout).toMatch(
      /expected exit code 0 and output "Active", but the last attempt gave exit code 0 and output "Terminating"/,
    );
    const lines = calls(box).map((call) => call.line);
    const logs = lines.findIndex((line) => line.startsWith('kind export logs'));
    const events = lines.findIndex((line) => line.startsWith('kubectl get events -A'));
    const remove = lines.findIndex((line) => line.startsWith('kind delete cluster'));
    expect(events).toBeGreaterThan(0);
    expect(logs).toBeGreaterThan(events);
    expect(remove).toBeGreaterThan(logs);
    expect(lines.some((line) => line.startsWith('kubectl -n demo wait'))).toBe(false);
    const runs = readdirSync(join(box.stateDir, '.lab-artifacts', 'demo'));
    expect(runs).toHaveLength(1);
    const dir = join(box.stateDir, '.lab-artifacts', 'demo', runs[0] as string);
    expect(readFileSync(join(dir, 'failure.txt'), 'utf8')).toContain('the namespace is active');
    expect(existsSync(join(dir, 'events.txt'))).toBe(true);
    expect(existsSync(join(dir, 'describe-demo.txt'))).toBe(true);
    expect(existsSync(join(dir, 'kind-logs', 'kind-version.txt'))).toBe(true);
  });

  test('--lang zh-cn explains a failure in Chinese, without --step; what is saved stays readable to the learner', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab(), DEMO_FILES);
    rule(box, 'kubectl', 'get namespace/demo -o jsonpath', 0, 'Terminating');
    const result = await cli(box, ['run', 'demo', '--lang', 'zh-cn', '--record']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('步骤“apply”（应用）失败。这项检查要证明的是：命名空间处于 Active。');
    // The transcript is the site's record, read in both languages: it stays in English.
    const [file] = readdirSync(join(box.labsDir, 'demo', 'runs'));
    const transcript = JSON.parse(readFileSync(join(box.labsDir, 'demo', 'runs', file as string), 'utf8'));
    expect(transcript.steps[1].checks[0]).toMatchObject({
      expected: 'exit code 0 and output "Active"',
      seen: 'exit code 0 and output "Terminating"',
    });
    expect(result.stdout).toMatch(
      /期望得到退出码 0，以及输出“Active”，但最后一次得到的是退出码 0，输出“Terminating”。/,
    );
    expect(result.stdout).not.toContain('This check should prove');
    expect(result.stdout).toMatch(/诊断信息已保存到 /);
    const runs = readdirSync(join(box.stateDir, '.lab-artifacts', 'demo'));
    const dir = join(box.stateDir, '.lab-artifacts', 'demo', runs[0] as string);
    expect(readFileSync(join(dir, 'failure.txt'), 'utf8')).toContain('命名空间处于 Active');
  });

  test('--lang zh-cn: a failing command is told in Chinese too', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab(), DEMO_FILES);
    rule(box, 'kubectl', '^apply', 1, 'error: the server could not find the requested resource\\n');
    const result = await cli(box, ['run', 'demo', '--lang', 'zh-cn']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '命令 `kubectl apply -f manifests/demo.yaml` 以退出码 1 结束，这一步没能完成。它的输出在下面；',
    );
    expect(result.stdout).toContain('the server could not find the requested resource');
  });

  test('a failing command stops the run with its output and exit code', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab(), DEMO_FILES);
    rule(box, 'kubectl', '^apply', 1, 'error: the server could not find the requested resource\\n');
    const result = await cli(box, ['run', 'demo']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('The command `kubectl apply -f manifests/demo.yaml` exited with code 1');
    expect(result.stdout).toContain('the server could not find the requested resource');
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    test(`${signal} stops the running step and cleans up (exit ${code})`, async () => {
      const box = demo();
      rule(box, 'kubectl', 'wait pod/app --for=condition=Ready --timeout=60s', 'sleep');
      const { child, done } = start(box, ['run', 'demo']);
      await waitFor(() =>
        calls(box).some((call) => call.line.includes('wait pod/app --for=condition=Ready --timeout=60s')),
      );
      child.kill(signal);
      const result = await done;
      expect(result.code, result.stdout + result.stderr).toBe(code);
      expect(result.stdout).toContain(`${signal} received`);
      expect(calls(box).some((call) => call.line.startsWith('kind delete cluster --name fieldlab'))).toBe(true);
      expect(existsSync(join(box.fakeState, 'clusters', 'fieldlab'))).toBe(false);
      // The step that was running is marked interrupted, not failed; the one after it never ran.
      expect(result.stdout).toMatch(/^⚠ wait: Wait: interrupted after /m);
      expect(result.stdout).toMatch(/^⚠ wait +cluster +interrupted +\S/m);
      expect(result.stdout).toMatch(/^✔ apply +cluster +passed /m);
      expect(result.stdout).not.toMatch(/failed/);
      expect(result.stdout).not.toContain('diagnostics saved');
    });
  }

  test('an interrupted run writes no transcript, and its JUnit report calls the step an error, not a failure', async () => {
    const box = demo();
    rule(box, 'kubectl', 'wait pod/app --for=condition=Ready --timeout=60s', 'sleep');
    const report = join(box.root, 'report.xml');
    const { child, done } = start(box, ['run', 'demo', '--record', '--junit', report]);
    await waitFor(() =>
      calls(box).some((call) => call.line.includes('wait pod/app --for=condition=Ready --timeout=60s')),
    );
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stdout + result.stderr).toBe(130);
    expect(result.stdout).toContain('transcript not written: the run was interrupted');
    expect(existsSync(join(box.labsDir, 'demo', 'runs'))).toBe(false);
    const xml = readFileSync(report, 'utf8');
    expect(xml).toContain('tests="3" failures="0" errors="1" skipped="0"');
    expect(xml).toMatch(/name="wait"[^>]*>\s*<error message="interrupted: the run was stopped while this step ran"\/>/);
  });

  test('--only host runs host steps for real without Docker and keeps the work folder', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo', '--only', 'host'], { FAKE_DOCKER_DOWN: '1' });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(calls(box)).toEqual([]);
    expect(readFileSync(join(box.stateDir, '.lab-work', 'demo', 'out.txt'), 'utf8')).toBe('hello\n');
    expect(result.stdout).toContain(
      '--only host ran 1 host step and skipped 2 cluster steps, which need a cluster (apply, wait).\n' +
        `The files the host steps made are in ${join(box.stateDir, '.lab-work', 'demo')}/\n`,
    );
  });

  test('--record writes a transcript with versions, commands and results', async () => {
    const box = demo();
    expect((await cli(box, ['run', 'demo', '--record'])).code).toBe(0);
    const dir = join(box.labsDir, 'demo', 'runs');
    const [file] = readdirSync(dir);
    const transcript = JSON.parse(readFileSync(join(dir, file as string), 'utf8'));
    expect(transcript).toMatchObject({ lab: 'demo', scope: 'full', result: 'passed' });
    expect(transcript.platform).toMatchObject({ kind: '0.33.0', kubernetes: '1.36.4', nodeImage: PLATFORM.nodeImage });
    expect(transcript.tools).toMatchObject({ kind: '0.33.0', kubectl: '1.36.4', 'docker engine': '28.2.2' });
    expect(transcript.steps.map((step: { id: string }) => step.id)).toEqual(['make-file', 'apply', 'wait']);
    expect(transcript.steps[1].commands[0].command).toBe('kubectl apply -f manifests/demo.yaml');
  });

  test('on the source-built platform, a step that needs an image it cannot give is recorded as not run, never run', async () => {
    const box = sandbox();
    const needy = needyLab();
    addLab(box, 'demo', needy, DEMO_FILES);
    healthyDemo(box);
    rule(box, 'kind', '^get nodes', 0, 'fieldlab-control-plane\\n');
    const result = await cli(box, ['run', 'demo', '--record', '--node-image', 'kindest/node:v1.36.4-fieldlab-source']);
    expect(result.code).toBe(0);
    // No registry there: every pull of the node goes to a closed port on its own loopback.
    const exec = calls(box).find((call) => call.tool === 'docker' && call.args[0] === 'exec');
    expect(exec?.args.slice(0, 2)).toEqual(['exec', 'fieldlab-control-plane']);
    expect(exec?.line).toContain('server = "http://127.0.0.1:9"');
    expect(exec?.line).toContain('/etc/containerd/certs.d/_default/hosts.toml');
    expect(result.stdout).toContain('check not run: needs busybox:1.37.0, which has no recipe in labs/images');
    // The same reason again is not repeated in full.
    expect(result.stdout).toContain('step not run: the same reason as above');
    const dir = join(box.labsDir, 'demo', 'runs');
    const [file] = readdirSync(dir);
    const transcript = JSON.parse(readFileSync(join(dir, file as string), 'utf8'));
    expect(transcript.result).toBe('passed');
    const [apply, wait] = transcript.steps;
    expect(apply.result).toBe('passed');
    expect(apply.checks[1]).toMatchObject({ ok: true, notRun: expect.stringContaining('needs busybox:1.37.0') });
    expect(wait).toMatchObject({
      result: 'not-run',
      commands: [],
      checks: [],
      planned: { commands: ['kubectl -n demo wait pod/app --for=condition=Ready --timeout=60s'] },
    });
    expect(calls(box).some((call) => call.line.includes('wait pod/app'))).toBe(false);
  });

  test('--registry-mirror writes a hosts.toml per registry into every node of a cluster the run creates', async () => {
    const box = demo();
    rule(box, 'kind', '^get nodes', 0, 'fieldlab-control-plane\\n');
    const result = await cli(box, ['run', 'demo', '--registry-mirror', 'docker.io=https://hub.mirror.example.com']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('registry mirrors: containerd in every node pulls docker.io through');
    const exec = calls(box).find((call) => call.tool === 'docker' && call.args[0] === 'exec');
    expect(exec?.line).toContain('/etc/containerd/certs.d/docker.io/hosts.toml');
    expect(exec?.line).toContain('[host."https://hub.mirror.example.com"]');
    expect(exec?.line).not.toContain('_default');
  });

  test('a malformed --registry-mirror is one line and exit 2, before any cluster is touched', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo', '--registry-mirror', 'hub.example.com']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('write REGISTRY=URL');
    expect(calls(box).some((call) => call.tool === 'kind')).toBe(false);
  });

  test('with the upstream node image, the same needs are met: the step and the check run', async () => {
    const box = sandbox();
    addLab(box, 'demo', needyLab(), DEMO_FILES);
    healthyDemo(box);
    const result = await cli(box, ['run', 'demo']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('not run');
    expect(calls(box).some((call) => call.line.includes('wait pod/app'))).toBe(true);
  });

  test('--junit and --kubeconfig take relative paths from the folder npm was started in (INIT_CWD)', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab({ cluster: `'any'` }), DEMO_FILES);
    healthyDemo(box);
    mkdirSync(join(box.root, 'reports'));
    const result = await cli(
      box,
      ['run', 'demo', '--junit', 'reports/lab.xml', '--kubeconfig', 'user.kubeconfig', '--context', 'production'],
      { INIT_CWD: box.root },
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(readFileSync(join(box.root, 'reports', 'lab.xml'), 'utf8')).toContain('<testsuite name="lab demo"');
    expect(result.stdout).toContain('JUnit report written to reports/lab.xml');
    expect(calls(box).some((call) => call.kubeconfig === box.userKubeconfig)).toBe(true);
  });

  test('--junit naming a symbolic link is refused before the run, and the link’s target is untouched', async () => {
    const box = demo();
    const target = join(box.root, 'precious.txt');
    writeFileSync(target, 'keep me\n');
    symlinkSync(target, join(box.root, 'report.xml'));
    const result = await cli(box, ['run', 'demo', '--junit', join(box.root, 'report.xml')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^lab: --junit .*report\.xml is a symbolic link; name a regular file \(a report is never written through a link\)$/,
    );
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
    expect(calls(box).filter((call) => call.tool === 'kind')).toEqual([]);
  });

  test('--junit into a folder that does not exist is refused before the run', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo', '--junit', join(box.root, 'nope', 'r.xml')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^lab: --junit .*nope\/r\.xml: the folder .*nope does not exist$/);
  });

  test('--junit writes one test case per step', async () => {
    const box = demo();
    const file = join(box.root, 'report.xml');
    expect((await cli(box, ['run', 'demo', '--junit', file])).code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<testsuite name="lab demo" tests="3" failures="0" errors="0" skipped="0"');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
  });
});

/** A cluster named fieldlab that the fake kind already knows: a run reuses it and creates nothing. */
function existingCluster(box: Sandbox): void {
  mkdirSync(join(box.fakeState, 'clusters', 'fieldlab'), { recursive: true });
}

/** What `kubectl get KIND/NAME… --ignore-not-found -o json` prints when these objects exist. */
function existing(...objects: { kind: string; name: string; lab?: string }[]): string {
  const items = objects.map(({ kind, name, lab }) => ({
    apiVersion: 'v1',
    kind,
    metadata: { name, labels: lab === undefined ? { team: 'platform' } : { 'fieldlab.dev/lab': lab } },
  }));
  const json = items.length === 1 ? items[0] : { apiVersion: 'v1', kind: 'List', items };
  return JSON.stringify(json);
}

const OWNERSHIP_QUERY = '^get namespace/demo( clusterrole/demo-reader)? --ignore-not-found -o json$';

describe('never remove what the lab did not create (unit tests with fake tools)', () => {
  test('a namespace of the lab’s name that someone else made stops the run before any change: one line, exit 2', async () => {
    const box = demo();
    existingCluster(box);
    rule(box, 'kubectl', OWNERSHIP_QUERY, 0, existing({ kind: 'Namespace', name: 'demo' }));
    const result = await cli(box, ['run', 'demo']);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^lab: namespace demo already exists on cluster fieldlab without the label fieldlab\.dev\/lab=demo: lab demo did not create it and will not touch it, so the run stopped before changing anything\. .*kubectl delete namespace\/demo\. Is it someone else's\? Then lab demo cannot run on this cluster\.$/,
    );
    const writes = calls(box).filter((call) => ['apply', 'delete', 'label', 'create'].includes(call.args[0] ?? ''));
    expect(writes.map((call) => call.line)).toEqual([]);
    expect(calls(box).some((call) => call.tool === 'kind' && call.args[0] === 'delete')).toBe(false);
    expect(existsSync(join(box.fakeState, 'clusters', 'fieldlab'))).toBe(true);
  });

  test('a namespace another lab labelled is not this lab’s either', async () => {
    const box = demo();
    existingCluster(box);
    rule(box, 'kubectl', OWNERSHIP_QUERY, 0, existing({ kind: 'Namespace', name: 'demo', lab: 'other' }));
    const result = await cli(box, ['run', 'demo']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/namespace demo already exists on cluster fieldlab without the label/);
    expect(calls(box).some((call) => call.args.includes('delete'))).toBe(false);
  });

  test('cluster-scoped objects of the lab’s manifests are checked too, in one query', async () => {
    const box = sandbox();
    const role =
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: demo-reader\n  labels:\n    fieldlab.dev/lab: demo\nrules: []\n';
    addLab(box, 'demo', demoLab(), { ...DEMO_FILES, 'manifests/role.yaml': role });
    healthyDemo(box);
    existingCluster(box);
    rule(
      box,
      'kubectl',
      OWNERSHIP_QUERY,
      0,
      existing({ kind: 'Namespace', name: 'demo', lab: 'demo' }, { kind: 'ClusterRole', name: 'demo-reader' }),
    );
    const result = await cli(box, ['run', 'demo']);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^lab: ClusterRole demo-reader already exists on cluster fieldlab without the label/);
    expect(result.stderr).toContain('kubectl delete clusterrole/demo-reader.');
    expect(calls(box).some((call) => call.args.includes('delete'))).toBe(false);
  });

  test('what an earlier run of the lab labelled is the lab’s: reused, then removed by the label only', async () => {
    const box = demo();
    existingCluster(box);
    rule(box, 'kubectl', OWNERSHIP_QUERY, 0, existing({ kind: 'Namespace', name: 'demo', lab: 'demo' }));
    const result = await cli(box, ['run', 'demo']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const log = calls(box).filter((call) => call.tool === 'kubectl');
    const query = log.findIndex((call) => call.args.join(' ').endsWith('--ignore-not-found -o json'));
    const deletes = log.filter((call) => call.args.includes('delete'));
    expect(query).toBeGreaterThanOrEqual(0);
    expect(log.findIndex((call) => call.args.includes('delete'))).toBeGreaterThan(query);
    expect(deletes).toHaveLength(2);
    for (const call of deletes) expect(call.args).toEqual(expect.arrayContaining(['-l', 'fieldlab.dev/lab=demo']));
  });

  test('a cluster the run creates needs no check: nothing of anyone else’s can be in it', async () => {
    const box = demo();
    expect((await cli(box, ['run', 'demo'])).code).toBe(0);
    expect(calls(box).some((call) => call.args.join(' ').endsWith('--ignore-not-found -o json'))).toBe(false);
  });

  test('on a cluster the user named, a namespace of the lab’s name that is not the lab’s stops the run', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab({ cluster: `'any'` }), DEMO_FILES);
    healthyDemo(box);
    rule(box, 'kubectl', OWNERSHIP_QUERY, 0, existing({ kind: 'Namespace', name: 'demo' }));
    const result = await cli(box, ['run', 'demo', '--kubeconfig', box.userKubeconfig, '--context', 'production']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^lab: namespace demo already exists on cluster production without the label/);
    expect(calls(box).some((call) => ['apply', 'delete'].includes(call.args[0] ?? ''))).toBe(false);
  });

  test('on a cluster the user named, what an earlier run left is named, and nothing is removed before the steps', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab({ cluster: `'any'` }), DEMO_FILES);
    healthyDemo(box);
    rule(box, 'kubectl', OWNERSHIP_QUERY, 0, existing({ kind: 'Namespace', name: 'demo', lab: 'demo' }));
    const result = await cli(box, ['run', 'demo', '--kubeconfig', box.userKubeconfig, '--context', 'production']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'note: namespace/demo is left from an earlier run of lab demo; on a cluster you named, nothing is removed before the steps run',
    );
    const lines = calls(box).map((call) => call.line);
    const firstDelete = lines.findIndex((line) => line.includes(' delete '));
    expect(firstDelete).toBeGreaterThan(lines.findIndex((line) => line.startsWith('kubectl apply')));
  });
});

describe('exercise proofs (unit tests with fake tools)', () => {
  test('--exercises proves each exercise after the steps: break, verify fails, solve, verify passes, recorded', async () => {
    const box = demo();
    const result = await cli(box, ['run', 'demo', '--exercises', '--record']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/exercise broken-file: break, verify fails, solve, verify passes/);
    const dir = join(box.labsDir, 'demo', 'runs');
    const [file] = readdirSync(dir);
    const transcript = JSON.parse(readFileSync(join(dir, file as string), 'utf8')) as {
      result: string;
      exercises: { id: string; result: string; phases: { phase: string; asExpected: boolean; failure?: string }[] }[];
    };
    expect(transcript.result).toBe('passed');
    expect(transcript.exercises.map((exercise) => exercise.id)).toEqual(['broken-file']);
    const phases = transcript.exercises[0]?.phases ?? [];
    expect(phases.map((phase) => [phase.phase, phase.asExpected])).toEqual([
      ['break', true],
      ['verify-after-break', true],
      ['solve', true],
      ['verify-after-solve', true],
    ]);
    expect(phases[1]?.failure).toMatch(/the file says hello again/);
  });

  test('an exercise whose verify passes right after break fails the run: a check that cannot fail is no check', async () => {
    const box = sandbox();
    addLab(
      box,
      'demo',
      demoLab({
        exercises: `[{ id: 'toothless', title: { en: 'Toothless', 'zh-cn': '无效' }, where: 'host', after: ['make-file'],
          break: ['true'], hint: { en: 'none', 'zh-cn': '无' },
          verify: [{ type: 'command', run: 'cat out.txt', expect: { equals: 'hello' }, timeout: '1s', proves: { en: 'hello', 'zh-cn': 'hello' } }],
          solve: ['true'] }]`,
      }),
      DEMO_FILES,
    );
    healthyDemo(box);
    const result = await cli(box, ['run', 'demo', '--exercises', '--record']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/verify passed right after break/);
    const dir = join(box.labsDir, 'demo', 'runs');
    const transcript = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0] as string), 'utf8')) as {
      result: string;
      exercises: { result: string }[];
    };
    expect(transcript.result).toBe('failed');
    expect(transcript.exercises[0]?.result).toBe('failed');
  });

  test('without --exercises, a run records no exercise proofs', async () => {
    const box = demo();
    expect((await cli(box, ['run', 'demo', '--record'])).code).toBe(0);
    const dir = join(box.labsDir, 'demo', 'runs');
    const transcript = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0] as string), 'utf8')) as object;
    expect('exercises' in transcript).toBe(false);
  });
});
