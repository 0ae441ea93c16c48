// Bad input: one line naming the problem and the fix, exit code 2, no stack trace.
// Unit tests with fake tools on PATH; no cluster is involved.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { addLab, calls, cli, DEMO_FILES, demoLab, healthyDemo, sandbox } from './testing/harness.ts';

function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function demoBox(tools?: string[]) {
  const box = sandbox(tools);
  addLab(box, 'demo', demoLab(), DEMO_FILES);
  healthyDemo(box);
  return box;
}

describe('bad input (unit tests with fake tools)', () => {
  test('unknown lab names the labs that exist', async () => {
    expectOneLineError(await cli(demoBox(), ['run', 'nope']), /unknown lab "nope"; choose one of: demo/);
  });

  test('unknown step names the steps that exist', async () => {
    expectOneLineError(
      await cli(demoBox(), ['run', 'demo', '--from', 'nope']),
      /unknown step of lab demo "nope"; choose one of: make-file, apply, wait/,
    );
  });

  test('unknown verb names the verbs', async () => {
    expectOneLineError(
      await cli(demoBox(), ['frobnicate']),
      /unknown verb "frobnicate"; choose one of: list, run, check/,
    );
  });

  test('unknown option shows the usage', async () => {
    expectOneLineError(
      await cli(demoBox(), ['run', 'demo', '--fast']),
      /Unknown option '--fast'.*usage: npm run lab -- run <lab>/,
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
    expect(calls(box).filter((call) => call.tool === 'kind' || call.args[0] === 'apply')).toEqual([]);
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

  test('--kubeconfig naming a missing file is refused', async () => {
    const box = sandbox();
    addLab(box, 'demo', demoLab({ cluster: `'any'` }), DEMO_FILES);
    expectOneLineError(
      await cli(box, ['run', 'demo', '--kubeconfig', join(box.root, 'missing')]),
      /--kubeconfig .*missing: no such file/,
    );
  });

  test('an unknown exercise names the exercises', async () => {
    expectOneLineError(
      await cli(demoBox(), ['hint', 'demo', 'nope']),
      /unknown exercise of lab demo "nope"; choose one of: broken-file/,
    );
  });
});
