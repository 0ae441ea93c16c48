// Unit tests with fake docker/kind/kubectl on PATH (no cluster): a cluster the kit started creating is the
// kit's own until it is deleted or kept, one run at a time uses a cluster, and every signal that stops a run
// (Ctrl-C, SIGTERM, a closed terminal) cleans up and exits 128+n.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { calls, cli, demoSandbox as demo, rule, type Sandbox, start, waitFor } from './testing/harness.ts';
import { inTerminal } from './testing/terminal.ts';

const clusterDir = (box: Sandbox) => join(box.fakeState, 'clusters', 'fieldlab');
const stateFiles = (box: Sandbox) =>
  readdirSync(join(box.stateDir, '.lab-work', 'clusters')).filter((file) => /\.(lock|creating)$/.test(file));
const lines = (box: Sandbox) => calls(box).map((call) => call.line);

describe('a cluster the kit creates is marked as its own (unit tests with fake tools)', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    test(`${signal} while kind creates the cluster deletes what kind made and exits ${code}`, async () => {
      const box = demo();
      rule(box, 'kind', '^create cluster', 'sleep');
      const { child, done } = start(box, ['run', 'demo'], { FAKE_KIND_PARTIAL: '1' });
      await waitFor(() => existsSync(clusterDir(box)));
      child.kill(signal);
      const result = await done;
      const shown = result.stdout + result.stderr;
      expect(result.code, shown).toBe(code);
      expect(result.stdout).toContain(`${signal} received`);
      expect(result.stdout).toContain('interrupted while kind created cluster fieldlab; what kind had made is deleted');
      expect(result.stderr).toBe('');
      expect(existsSync(clusterDir(box))).toBe(false);
      expect(lines(box).filter((line) => line.startsWith('kind delete cluster --name fieldlab'))).toHaveLength(1);
      // Neither the mark nor the lock outlives the run.
      expect(stateFiles(box)).toEqual([]);
      expect(lines(box).some((line) => line.startsWith('kubectl apply'))).toBe(false);
    });
  }

  test('a cluster left by a run that was killed outright is deleted by the next run, then made anew', async () => {
    const box = demo();
    rule(box, 'kind', '^create cluster', 'sleep');
    const { child, done } = start(box, ['run', 'demo'], { FAKE_KIND_PARTIAL: '1' });
    await waitFor(() => existsSync(clusterDir(box)));
    // SIGKILL: the run gets no chance to clean up; the cluster, its mark and the lock stay behind.
    child.kill('SIGKILL');
    await done;
    expect(existsSync(clusterDir(box))).toBe(true);
    expect(stateFiles(box).sort()).toEqual(['fieldlab.creating', 'fieldlab.lock']);
    writeFileSync(
      box.rules,
      readFileSync(box.rules, 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('kind\t'))
        .join('\n'),
    );
    const before = calls(box).length;
    const next = await cli(box, ['run', 'demo']);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stdout).toMatch(
      /cluster fieldlab was left by an interrupted run \(lab demo, started \S+\): deleting it/,
    );
    const after = lines(box).slice(before);
    const removed = after.findIndex((line) => line.startsWith('kind delete cluster --name fieldlab'));
    const created = after.findIndex((line) => line.startsWith('kind create cluster --name fieldlab'));
    expect(removed).toBeGreaterThanOrEqual(0);
    expect(created).toBeGreaterThan(removed);
    expect(stateFiles(box)).toEqual([]);
  });

  test('a cluster that exists without the mark is reused and never deleted', async () => {
    const box = demo();
    expect((await cli(box, ['run', 'demo', '--keep'])).code).toBe(0);
    // --keep makes it a cluster to reuse: no mark left.
    expect(stateFiles(box)).toEqual([]);
    const before = calls(box).length;
    const again = await cli(box, ['run', 'demo']);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).not.toContain('left by an interrupted run');
    expect(
      lines(box)
        .slice(before)
        .some((line) => line.startsWith('kind delete')),
    ).toBe(false);
    expect(existsSync(clusterDir(box))).toBe(true);
  });

  test('Ctrl-C in a real terminal while kind creates the cluster: no hang, exit 130, nothing left', async () => {
    const box = demo();
    rule(box, 'kind', '^create cluster', 'sleep');
    let pressed = false;
    const result = await inTerminal(box, ['run', 'demo'], {
      extra: { FAKE_KIND_PARTIAL: '1' },
      onOutput: (_output, type) => {
        if (!pressed && existsSync(clusterDir(box))) {
          pressed = true;
          type('\x03');
        }
      },
    });
    const shown = result.lines.join('\n');
    expect(pressed, shown).toBe(true);
    expect(result.code, shown).toBe(130);
    expect(shown).toContain('interrupted while kind created cluster fieldlab; what kind had made is deleted');
    expect(shown).toMatch(/⚠ cluster for demo: interrupted after/);
    expect(shown).not.toMatch(/^\s+at /m);
    expect(existsSync(clusterDir(box))).toBe(false);
    expect(stateFiles(box)).toEqual([]);
  });
});

describe('one run at a time per cluster (unit tests with fake tools)', () => {
  test('a second run while the first holds the cluster is refused in one line; the first is untouched', async () => {
    const box = demo();
    rule(box, 'kubectl', 'wait pod/app --for=condition=Ready --timeout=60s', 'sleep');
    const first = start(box, ['run', 'demo']);
    await waitFor(() => lines(box).some((line) => line.includes('wait pod/app --for=condition=Ready')));
    const before = calls(box).length;
    const second = await cli(box, ['run', 'demo']);
    expect(second.code).toBe(2);
    const errors = second.stderr.trim().split('\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^lab: cluster fieldlab is in use by another run \\(lab demo, process ${first.child.pid}, since \\S+\\); wait for it to end, then run again$`,
      ),
    );
    // The refused run changed nothing: no reset of the lab, no delete.
    expect(
      lines(box)
        .slice(before)
        .filter((line) => !line.startsWith('docker ') && !line.startsWith('kind version') && !/ version/.test(line)),
    ).toEqual([]);
    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(130);
    expect(stateFiles(box)).toEqual([]);
  });

  test('a lock whose process is gone is taken over', async () => {
    const box = demo();
    const dir = join(box.stateDir, '.lab-work', 'clusters');
    expect((await cli(box, ['run', 'demo', '--only', 'host'])).code).toBe(0);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A process id far above pid_max's default range: no process has it.
    writeFileSync(join(dir, 'fieldlab.lock'), JSON.stringify({ pid: 2 ** 22 + 7, lab: 'demo', since: 'yesterday' }));
    const result = await cli(box, ['run', 'demo']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(stateFiles(box)).toEqual([]);
  });
});
