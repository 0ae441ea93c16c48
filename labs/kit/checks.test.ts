import { describe, expect, test } from 'vitest';
import { checkCommand, describeExpectation, explainFailure, meets, runCheck } from './checks.ts';
import type { Check } from './schema.ts';
import { childEnv } from './sh.ts';

const proves = { en: 'The file says hello', 'zh-cn': '文件内容为 hello' };

describe('expectations', () => {
  test('equals compares trimmed stdout only', () => {
    expect(meets({ equals: 'Bound' }, { exitCode: 0, stdout: 'Bound\n', stderr: '' })).toBe(true);
    expect(meets({ equals: 'Bound' }, { exitCode: 0, stdout: '', stderr: 'Bound' })).toBe(false);
  });

  test('includes and matches also see stderr, where refusals land', () => {
    const refused = { exitCode: 1, stdout: '', stderr: 'Error from server (NotFound): pods "x" not found' };
    expect(meets({ exitCode: 'nonzero', includes: 'NotFound' }, refused)).toBe(true);
    expect(meets({ exitCode: 'nonzero', matches: '^Error from server' }, refused)).toBe(true);
  });

  test('the exit code must match; nonzero accepts any failure, never success', () => {
    expect(meets({}, { exitCode: 1, stdout: '', stderr: '' })).toBe(false);
    expect(meets({ exitCode: 'nonzero' }, { exitCode: 0, stdout: '', stderr: '' })).toBe(false);
    expect(meets({ exitCode: 3 }, { exitCode: 3, stdout: '', stderr: '' })).toBe(true);
  });

  test('describes what it expects in words', () => {
    expect(describeExpectation({ exitCode: 'nonzero', includes: 'NotFound' })).toBe(
      'a non-zero exit code and output containing "NotFound"',
    );
  });
});

describe('check commands', () => {
  test('jsonpath and condition checks become the kubectl a reader would type', () => {
    const jsonpath: Check = {
      type: 'jsonpath',
      resource: 'pvc/data',
      namespace: 'ns',
      path: '{.status.phase}',
      expect: { equals: 'Bound' },
      proves,
    };
    expect(checkCommand(jsonpath)).toBe("kubectl get pvc/data -n ns -o jsonpath='{.status.phase}'");
    const condition: Check = { type: 'condition', resource: 'pod/a', condition: 'Ready', proves };
    expect(checkCommand(condition)).toBe("kubectl wait pod/a --for='condition=Ready' --timeout=10s");
    const phase: Check = { type: 'condition', resource: 'pvc/a', condition: 'jsonpath={.status.phase}=Bound', proves };
    expect(checkCommand(phase)).toBe("kubectl wait pvc/a --for='jsonpath={.status.phase}=Bound' --timeout=10s");
  });
});

describe('running a check', () => {
  test('retries until the outcome appears, then passes', async () => {
    const dir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/check-`);
    const check: Check = {
      type: 'command',
      run: 'n=$(cat n 2>/dev/null || echo 0); n=$((n+1)); echo $n > n; [ $n -ge 3 ] && echo ready || echo waiting',
      expect: { equals: 'ready' },
      timeout: '5s',
      proves,
    };
    const outcome = await runCheck(check, { cwd: dir, env: childEnv(undefined), intervalMs: 50 });
    expect(outcome.ok).toBe(true);
    expect(outcome.tries).toBe(3);
  });

  test('gives up at the deadline and explains what it saw in one paragraph', async () => {
    const check: Check = {
      type: 'command',
      run: 'echo goodbye',
      expect: { equals: 'hello' },
      timeout: '300ms',
      proves,
    };
    const outcome = await runCheck(check, { cwd: '/tmp', env: childEnv(undefined), intervalMs: 100 });
    expect(outcome.ok).toBe(false);
    const paragraph = explainFailure(check, outcome);
    expect(paragraph).toMatch(
      /^This check should prove that the file says hello\. It ran `echo goodbye` \d+ times within 300ms and expected exit code 0 and output "hello", but the last attempt gave exit code 0 and output "goodbye"\.$/,
    );
    expect(paragraph).not.toContain('\n');
  });
});
