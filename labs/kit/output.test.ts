// A reader that leaves early (`lab list | head -1`) ends the CLI quietly. Unit tests through real shell
// pipes, with fake docker/kind/kubectl on PATH; no cluster.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { shellQuote } from './sh.ts';
import {
  addLab,
  calls,
  DEMO_FILES,
  demoLab,
  env,
  healthyDemo,
  repo,
  type Sandbox,
  sandbox,
} from './testing/harness.ts';

function demo(): Sandbox {
  const box = sandbox();
  addLab(box, 'demo', demoLab(), DEMO_FILES);
  addLab(box, 'other', demoLab({ id: `'other'` }), DEMO_FILES);
  healthyDemo(box);
  return box;
}

/** `lab ARGS | READER` in bash: the lab's exit code, what the reader printed, and the lab's stderr. */
async function piped(box: Sandbox, args: string[], reader: string) {
  const lab = [process.execPath, join(repo, 'scripts', 'lab.ts'), ...args].map(shellQuote).join(' ');
  const stderr = join(box.root, 'lab.stderr');
  const script = `${lab} 2>${shellQuote(stderr)} | ${reader}; echo "lab exited \${PIPESTATUS[0]}"`;
  const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd: repo, env: env(box), timeout: 30_000 });
  const code = Number(/lab exited (\d+)\n$/.exec(stdout)?.[1]);
  return { code, read: stdout.replace(/lab exited \d+\n$/, ''), stderr: readFileSync(stderr, 'utf8') };
}

describe('a closed stdout (unit tests through real pipes)', () => {
  test('list into a reader that has already left: exit 0, no stack trace', async () => {
    for (const args of [['list'], ['list', '--json']]) {
      const result = await piped(demo(), args, 'true');
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.code, args.join(' ')).toBe(0);
    }
  });

  test('list | head -1 prints the first lab and exits 0 quietly', async () => {
    const result = await piped(demo(), ['list'], 'head -1');
    expect(result.read).toMatch(/^demo: Demo \(5 min\)\n$/);
    expect(result.read.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('a run whose reader leaves while kind creates the cluster stops as on SIGPIPE (141) and leaves no cluster', async () => {
    const box = demo();
    const result = await piped(box, ['run', 'demo'], 'head -1');
    expect(result.read).toBe('… cluster for demo\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(141);
    const lines = calls(box).map((call) => call.line);
    expect(lines.some((line) => line.startsWith('kind create cluster'))).toBe(true);
    expect(lines.some((line) => line.startsWith('kubectl apply'))).toBe(false);
    // Whether kind had made anything when the pipe closed is a matter of timing (the next test pins the
    // case where it had); either way nothing of it is left.
    expect(existsSync(join(box.fakeState, 'clusters', 'fieldlab'))).toBe(false);
  });

  test('a run whose reader leaves after the cluster exists stops as on SIGPIPE (141) and deletes it', async () => {
    const box = demo();
    const result = await piped(box, ['run', 'demo'], "sed '/created cluster/q'");
    expect(result.read).toMatch(/✔ created cluster fieldlab: ready after .*\n$/);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(141);
    const lines = calls(box).map((call) => call.line);
    expect(lines.some((line) => line.startsWith('kind delete cluster --name fieldlab'))).toBe(true);
    expect(existsSync(join(box.fakeState, 'clusters', 'fieldlab'))).toBe(false);
  });
});
