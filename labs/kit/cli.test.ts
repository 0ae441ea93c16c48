// The CLI verbs other than run, against fake tools on PATH (unit tests; no cluster).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PLATFORM } from './platform.ts';
import { childEnv, sh } from './sh.ts';
import { addLab, calls, cli, DEMO_FILES, demoLab, demoSandbox, rule, sandbox } from './testing/harness.ts';
import { registry } from './testing/servers.ts';

const demoBox = demoSandbox;

describe('CLI verbs (unit tests with fake tools)', () => {
  test('list --json has the documented shape', async () => {
    const result = await cli(demoBox(), ['list', '--json']);
    expect(result.code).toBe(0);
    const labs = JSON.parse(result.stdout);
    expect(labs).toEqual([
      {
        id: 'demo',
        title: { en: 'Demo', 'zh-cn': '演示' },
        summary: { en: 'A lab for the kit tests.', 'zh-cn': '用于测试的实验。' },
        duration: 5,
        tools: [
          { name: 'docker', min: '24.0', for: 'cluster' },
          { name: 'kind', min: '0.33.0', for: 'cluster' },
          { name: 'kubectl', min: '1.35.0', for: 'cluster' },
        ],
        images: ['busybox:1.37.0'],
        steps: [
          { id: 'make-file', title: { en: 'Make a file', 'zh-cn': '建文件' }, where: 'host' },
          { id: 'apply', title: { en: 'Apply', 'zh-cn': '应用' }, where: 'cluster' },
          { id: 'wait', title: { en: 'Wait', 'zh-cn': '等待' }, where: 'cluster' },
        ],
        exercises: [{ id: 'broken-file', title: { en: 'Broken file', 'zh-cn': '坏文件' } }],
      },
    ]);
  });

  test('list shows each lab’s step ids, host steps marked, and its exercise ids, counted in good English', async () => {
    const box = demoBox();
    addLab(box, 'other', demoLab({ id: `'other'`, exercises: '[]' }), DEMO_FILES);
    const result = await cli(box, ['list']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      [
        'demo: Demo (5 min)',
        '  3 steps, 1 on the host: make-file (host), apply, wait',
        '  1 exercise: broken-file',
        '',
        'other: Demo (5 min)',
        '  3 steps, 1 on the host: make-file (host), apply, wait',
        '  no exercises yet',
        '',
      ].join('\n'),
    );
  });

  test('break and hint say which folder to work in, in English and in Chinese', async () => {
    const box = demoBox();
    const env = { FAKE_DOCKER_DOWN: '1' };
    const broken = await cli(box, ['break', 'demo', 'broken-file'], env);
    expect(broken.code, broken.stderr).toBe(0);
    const folder = join(box.stateDir, '.lab-work', 'demo');
    expect(broken.stdout).toBe(
      [
        'Fault injected: Broken file',
        'Find and fix it, then run "npm run lab -- verify demo broken-file". Stuck? "npm run lab -- hint demo broken-file".',
        `The lab's files are in ${folder}/: look and fix there (cd ${folder}/).`,
        '',
      ].join('\n'),
    );
    const zh = await cli(box, ['break', 'demo', 'broken-file', '--lang', 'zh-cn'], env);
    expect(zh.stdout).toContain('已注入故障：坏文件');
    expect(zh.stdout).toContain('运行 npm run lab -- verify demo broken-file --lang zh-cn 检查');
    expect(zh.stdout).toContain(`实验的文件在 ${folder}/ 目录中，排查和修复都在这里进行（cd ${folder}/）。`);
    const hint = await cli(box, ['hint', 'demo', 'broken-file'], env);
    expect(hint.stdout).toBe(
      `Broken file\n\nLook at out.txt\n\nWork in ${folder}/: the paths in the hint start there (cd ${folder}/).\n`,
    );
    // Started from the repository (npm run sets INIT_CWD), the folder is shown relative to it.
    const here = await cli(box, ['hint', 'demo', 'broken-file', '--lang', 'zh-cn'], { ...env, INIT_CWD: box.stateDir });
    expect(here.stdout).toContain(
      '在 .lab-work/demo/ 目录中操作：提示里的相对路径都从这里算起（cd .lab-work/demo/）。',
    );
  });

  test('a cluster exercise’s hint also says how kubectl reaches the lab’s cluster', async () => {
    const box = sandbox();
    const exercises = `[{ id: 'gone', title: { en: 'Gone', 'zh-cn': '不见了' }, after: ['apply'],
      break: ['kubectl delete namespace demo'], hint: { en: 'Look at the namespace', 'zh-cn': '看看命名空间' },
      verify: [{ type: 'command', run: 'true', expect: {}, proves: { en: 'p', 'zh-cn': 'p' } }],
      solve: ['kubectl apply -f manifests/demo.yaml'] }]`;
    addLab(box, 'demo', demoLab({ exercises }), DEMO_FILES);
    const en = await cli(box, ['hint', 'demo', 'gone'], { INIT_CWD: box.stateDir });
    expect(en.stdout).toContain(
      "kubectl reaches the lab's cluster with: export KUBECONFIG=.lab-work/clusters/fieldlab.kubeconfig",
    );
    const zh = await cli(box, ['hint', 'demo', 'gone', '--lang', 'zh-cn'], { INIT_CWD: box.stateDir });
    expect(zh.stdout).toContain('让 kubectl 连到实验的集群：export KUBECONFIG=.lab-work/clusters/fieldlab.kubeconfig');
  });

  test('a host exercise: hint works offline, verify fails after break and passes after solve', async () => {
    const box = demoBox();
    const env = { FAKE_DOCKER_DOWN: '1' };
    const hint = await cli(box, ['hint', 'demo', 'broken-file', '--lang', 'zh-cn'], env);
    expect(hint.stdout).toContain('看看 out.txt');
    expect((await cli(box, ['break', 'demo', 'broken-file'], env)).code).toBe(0);
    const broken = await cli(box, ['verify', 'demo', 'broken-file'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/Not fixed yet\..*expected exit code 0 and output "hello".*"broken"/);
    const zh = await cli(box, ['verify', 'demo', 'broken-file', '--lang', 'zh-cn'], env);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toMatch(
      /^还没修好。这项检查要证明的是：文件恢复为 hello。它(运行了一次|在 1s 内运行了 \d+ 次) `cat out.txt`，期望得到退出码 0，以及输出“hello”，但最后一次得到的是退出码 0，输出“broken”。\n$/,
    );
    const solved = await cli(box, ['solve', 'demo', 'broken-file', '--lang', 'zh-cn'], env);
    expect(solved.code, solved.stderr).toBe(0);
    expect(solved.stdout).toBe('✔ 坏文件：已修好，verify 的每项检查都通过了。\n');
    expect((await cli(box, ['verify', 'demo', 'broken-file'], env)).code).toBe(0);
  });

  test('a learner’s own fix is what verify checks', async () => {
    const box = demoBox();
    await cli(box, ['break', 'demo', 'broken-file']);
    writeFileSync(join(box.stateDir, '.lab-work', 'demo', 'out.txt'), 'hello\n');
    expect((await cli(box, ['verify', 'demo', 'broken-file'])).code).toBe(0);
  });

  test('check runs the checks alone against a kept cluster and reports each step', async () => {
    const box = demoBox();
    expect((await cli(box, ['run', 'demo', '--keep'])).code).toBe(0);
    const result = await cli(box, ['check', 'demo']);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('✔ apply');
    expect(result.stdout).toContain('✔ wait');
  });

  for (const moment of [true, false]) {
    test(`check on what a run left ${moment ? 'skips a check marked as a moment and says so' : 'fails on a moment check that is not marked'}`, async () => {
      const box = sandbox();
      const flag = moment ? ', moment: true' : '';
      addLab(
        box,
        'demo',
        demoLab({
          steps: `[
            { id: 'first', title: { en: 'First', 'zh-cn': '一' }, explain: { en: 'e', 'zh-cn': 'e' }, where: 'host',
              run: ['echo hello > out.txt'],
              checks: [
                { type: 'command', run: 'cat out.txt', expect: { equals: 'hello' }, proves: { en: 'the file says hello', 'zh-cn': '文件内容为 hello' } },
                { type: 'command', run: 'test -e later.txt && echo later || echo not yet', expect: { equals: 'not yet' }, timeout: '1s'${flag},
                  proves: { en: 'the second step has not run yet', 'zh-cn': '第二步还没有运行' } } ] },
            { id: 'second', title: { en: 'Second', 'zh-cn': '二' }, explain: { en: 'e', 'zh-cn': 'e' }, where: 'host',
              run: ['touch later.txt'],
              checks: [{ type: 'command', run: 'test -e later.txt && echo later', expect: { equals: 'later' }, proves: { en: 'the file is there', 'zh-cn': '文件在' } }] },
          ]`,
          exercises: '[]',
        }),
        DEMO_FILES,
      );
      const env = { FAKE_DOCKER_DOWN: '1' };
      const ran = await cli(box, ['run', 'demo', '--only', 'host'], env);
      expect(ran.code, ran.stdout + ran.stderr).toBe(0);
      const result = await cli(box, ['check', 'demo'], env);
      if (moment) {
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(result.stdout).toContain('✔ first (1 check of a moment skipped)\n✔ second\n');
        expect(result.stdout).toContain(
          '1 check describes a moment during the lab, not the state it ends in, and was skipped; "npm run lab -- run demo" proves it right after its step.',
        );
        const zh = await cli(box, ['check', 'demo', '--lang', 'zh-cn'], env);
        expect(zh.stdout).toContain('✔ first（跳过 1 项描述某一时刻的检查）\n✔ second\n');
        expect(zh.stdout).toContain('有 1 项检查描述的是实验过程中的某一时刻');
      } else {
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/✘ first: .*the second step has not run yet/);
        const zh = await cli(box, ['check', 'demo', '--lang', 'zh-cn'], env);
        expect(zh.code).toBe(1);
        expect(zh.stdout).toMatch(/✘ first：这项检查要证明的是：第二步还没有运行。/);
      }
    });
  }

  test('check refuses a language it does not speak, in one line', async () => {
    const result = await cli(demoBox(), ['check', 'demo', '--lang', 'fr'], { FAKE_DOCKER_DOWN: '1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('lab: --lang takes "en" or "zh-cn", not "fr"\n');
  });

  test('doctor prints ✘ with the fix for a missing engine and exits non-zero', async () => {
    const result = await cli(demoBox(), ['doctor', 'demo'], { FAKE_DOCKER_DOWN: '1' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✘ Docker engine +not reachable +→ no Docker engine is reachable/);
    expect(result.stdout).toMatch(/✔ kind ≥ 0\.33\.0 +0\.33\.0/);
    expect(result.stdout).toMatch(/problems? to fix before the labs can run/);
  });

  test('doctor passes when everything is in place', async () => {
    // Every registry is played by a server on loopback that answers as Docker Hub does.
    const hub = await registry(401);
    const result = await cli(demoBox(), ['doctor'], { LAB_REGISTRY_PROBE: `*=${hub.url}` });
    const inotifyLow = /✘ fs\.inotify/.test(result.stdout);
    expect(result.stdout).toMatch(/✔ Docker engine +v28\.2\.2/);
    expect(result.stdout).toMatch(/✔ registry docker\.io +answers \(HTTP 401\)/);
    const problems = result.stdout.split('\n').filter((line) => line.startsWith('✘') && !line.includes('fs.inotify'));
    expect(problems).toEqual([]);
    expect(result.code).toBe(inotifyLow ? 1 : 0);
  });

  test('export prints a bash script that shellcheck accepts and that carries the same commands', async () => {
    const box = demoBox();
    const result = await cli(box, ['export', 'demo']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(result.stdout).toContain('set -euo pipefail');
    expect(result.stdout).toContain('kubectl apply -f manifests/demo.yaml');
    expect(result.stdout).toContain('export KUBECONFIG="$WORK/kubeconfig"');
    const file = join(box.root, 'demo.sh');
    writeFileSync(file, result.stdout);
    const lint = await sh(`shellcheck --shell=bash ${file}`, {
      cwd: box.root,
      env: childEnv(undefined),
      timeoutMs: 30_000,
    });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.exitCode).toBe(0);
  });

  test('the exported script runs the lab against the fakes and its checks pass', async () => {
    const box = demoBox();
    const script = (await cli(box, ['export', 'demo'])).stdout;
    const file = join(box.labsDir, 'demo', 'lab.sh');
    writeFileSync(file, script);
    const work = join(box.root, 'bash-work');
    const { env } = await import('./testing/harness.ts');
    const result = await sh(`bash ${file}`, { cwd: box.root, env: { ...env(box), LAB_WORK: work }, timeoutMs: 60_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('lab demo: all 3 steps passed');
    expect(readFileSync(join(work, 'out.txt'), 'utf8')).toBe('hello\n');
  });

  test('the exported script stops before any change when a namespace of the lab exists without its label', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab(), DEMO_FILES);
    const script = (await cli(box, ['export', 'demo'])).stdout;
    const file = join(box.labsDir, 'demo', 'lab.sh');
    writeFileSync(file, script);
    rule(box, 'kubectl', '^get namespace/demo --ignore-not-found -o name$', 0, 'namespace/demo');
    rule(box, 'kubectl', '^get namespace/demo -o jsonpath=\\{\\.metadata\\.labels', 0, '');
    const { env } = await import('./testing/harness.ts');
    const work = join(box.root, 'bash-work');
    const result = await sh(`bash ${file}`, { cwd: box.root, env: { ...env(box), LAB_WORK: work }, timeoutMs: 60_000 });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      "namespace/demo exists without the label fieldlab.dev/lab=demo: it is not this lab's; stopping before any change",
    );
    expect(calls(box).some((call) => ['apply', 'delete'].includes(call.args[0] ?? ''))).toBe(false);
  });

  test('the export’s line that deletes the cluster names it, so pasted alone it deletes that cluster only', async () => {
    const box = demoBox();
    const script = (await cli(box, ['export', 'demo'])).stdout;
    const line = script.split('\n').find((text) => text.includes('kind delete cluster'));
    expect(line).toBe('#   kind delete cluster --name fieldlab --kubeconfig .lab-work/demo/kubeconfig');
    // What a reader pastes into a fresh shell: the command without the comment mark, no variables set.
    const { env } = await import('./testing/harness.ts');
    const pasted = (line as string).replace(/^#\s+/, '');
    const result = await sh(pasted, { cwd: box.root, env: env(box), timeoutMs: 10_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(calls(box).map((call) => call.args)).toEqual([
      ['delete', 'cluster', '--name', 'fieldlab', '--kubeconfig', '.lab-work/demo/kubeconfig'],
    ]);
  });

  test('images prints the pinned node image and the lab images, one per line, offline', async () => {
    const box = demoBox();
    const all = await cli(box, ['images'], { FAKE_DOCKER_DOWN: '1' });
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n').filter(Boolean)).toEqual([PLATFORM.nodeImage, 'busybox:1.37.0']);
    expect((await cli(box, ['images', 'demo', '--no-node'])).stdout).toBe('busybox:1.37.0\n');
    expect(calls(box)).toEqual([]);
  });

  test('help for a verb states its behaviour', async () => {
    const result = await cli(demoBox(), ['help', 'run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('your kubeconfig is never read or written');
  });
});
