// The kit's one way to start a process. Unit tests with bash only; no cluster.
import { describe, expect, test } from 'vitest';
import { childEnv, sh } from './sh.ts';

describe('sh (unit tests)', () => {
  test('a process left running in the background does not hold the command’s result', async () => {
    const started = Date.now();
    // The background sleep keeps the output pipe open for 8 s after the command has exited.
    const result = await sh('sleep 8 & echo started', { cwd: '/', env: childEnv(undefined), timeoutMs: 20_000 });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('started\n');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
