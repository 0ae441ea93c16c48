import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { checkCommand, describeExpectation, describeSeen, explainFailure, meets, runCheck } from './checks.ts';
import { type Check, Check as CheckSchema, Lab } from './schema.ts';
import { childEnv, sh } from './sh.ts';

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

  test('in Chinese too: what a check expects and what it saw', () => {
    expect(describeExpectation({ exitCode: 'nonzero', includes: 'NotFound' }, 'zh-cn')).toBe(
      '非 0 的退出码，以及包含“NotFound”的输出',
    );
    expect(describeExpectation({ equals: 'Bound' }, 'zh-cn')).toBe('退出码 0，以及输出“Bound”');
    expect(describeExpectation({ matches: '^a$' }, 'zh-cn')).toBe('退出码 0，以及匹配 /^a$/ 的输出');
    expect(describeSeen(1, '', 'zh-cn')).toBe('退出码 1，没有输出');
    expect(describeSeen(0, 'Pending', 'zh-cn')).toBe('退出码 0，输出“Pending”');
  });

  test('a generated pattern is told in its own words, and still applied', () => {
    const pattern = {
      matches: '^v2=(14|15|16)$',
      describe: { en: 'one line “v2=<k>” with k from 14 to 16', 'zh-cn': '一行“v2=<k>”，其中 k 在 14 到 16 之间' },
    };
    expect(describeExpectation(pattern)).toBe('exit code 0 and one line “v2=<k>” with k from 14 to 16');
    expect(meets(pattern, { exitCode: 0, stdout: 'v2=15\n', stderr: '' })).toBe(true);
    expect(meets(pattern, { exitCode: 0, stdout: 'v2=17\n', stderr: '' })).toBe(false);
  });

  test('words without a pattern are refused: there would be nothing to apply', () => {
    const check = { type: 'command', run: 'true', proves, expect: { describe: proves } };
    const parsed = CheckSchema.safeParse(check);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('describe words a pattern: use it together with matches');
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

  test('a namespace or resource bash would read is quoted: the command runs kubectl and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-quote-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const hostile: Check = {
      type: 'jsonpath',
      resource: 'pod/a;touch resource-ran',
      namespace: 'x$(touch namespace-ran)',
      path: '{.status.phase}',
      expect: { equals: 'Running' },
      proves,
    };
    const command = checkCommand(hostile);
    expect(command).toBe(
      "kubectl get 'pod/a;touch resource-ran' -n 'x$(touch namespace-ran)' -o jsonpath='{.status.phase}'",
    );
    // bash with a kubectl that only prints its arguments, one a line.
    const result = await sh(`kubectl() { printf '%s\\n' "$@"; }\n${command}`, {
      cwd: dir,
      env: childEnv(undefined),
    });
    expect(result.stdout.split('\n').slice(0, 4)).toEqual([
      'get',
      'pod/a;touch resource-ran',
      '-n',
      'x$(touch namespace-ran)',
    ]);
    expect(existsSync(join(dir, 'resource-ran')) || existsSync(join(dir, 'namespace-ran'))).toBe(false);
  });

  test('check namespaces are written like lab ids, and resources as type or type/name', () => {
    const base = { type: 'jsonpath', resource: 'pvc/data', path: '{.x}', expect: {}, proves };
    expect(CheckSchema.safeParse({ ...base, namespace: 'storage-lab' }).success).toBe(true);
    for (const namespace of ['Storage', 'a b', 'x;y', '-lead', 'a'.repeat(64)]) {
      expect(CheckSchema.safeParse({ ...base, namespace }).success, namespace).toBe(false);
    }
    for (const resource of ['pod/a;b', 'pod/a b', '$(x)', 'Pod/a']) {
      expect(CheckSchema.safeParse({ ...base, resource }).success, resource).toBe(false);
    }
    expect(CheckSchema.safeParse({ ...base, resource: 'clusterrolebinding/system:monitoring' }).success).toBe(true);
    const lab = { id: 'x', title: proves, summary: proves, duration: 1, tools: [{ name: 'kubectl', min: '1.35' }] };
    const steps = [{ id: 's', title: proves, explain: proves, run: ['true'], checks: [{ ...base }] }];
    expect(Lab.safeParse({ ...lab, steps, namespaces: ['x y'] }).success).toBe(false);
  });
});

describe('running a check', () => {
  test('retries until the outcome appears, then passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
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
    expect(explainFailure(check, outcome, 'zh-cn')).toMatch(
      /^这项检查要证明的是：文件内容为 hello。它在 300ms 内运行了 \d+ 次 `echo goodbye`，期望得到退出码 0，以及输出“hello”，但最后一次得到的是退出码 0，输出“goodbye”。$/,
    );
  });
});
