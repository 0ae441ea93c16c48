import { parseDuration } from './duration.ts';
import { retry } from './retry.ts';
import type { Check, Expectation, Lang } from './schema.ts';
import { type ShOptions, type ShResult, sh, shellQuote, shellWord } from './sh.ts';

export interface CheckOutcome {
  /** True when the check held, or did not run (see notRun); false only when it ran and failed. */
  ok: boolean;
  /** Why the check did not run on this host (its hostNeeds are not met). */
  notRun?: string;
  command: string;
  expected: string;
  seen: string;
  tries: number;
  output: string;
  /** The last attempt, for telling the failure in another language (not recorded). */
  last?: { exitCode: number; output: string };
}

const DEFAULT_TIMEOUT = '60s';

function namespaceFlag(namespace: string | undefined): string {
  return namespace ? ` -n ${shellWord(namespace)}` : '';
}

/** The command a check runs, exactly as a reader could type it. */
export function checkCommand(check: Check): string {
  switch (check.type) {
    case 'command':
      return check.run;
    case 'jsonpath':
      return `kubectl get ${shellWord(check.resource)}${namespaceFlag(check.namespace)} -o jsonpath=${shellQuote(check.path)}`;
    case 'condition': {
      const condition = check.condition.startsWith('jsonpath=') ? check.condition : `condition=${check.condition}`;
      return `kubectl wait ${shellWord(check.resource)}${namespaceFlag(check.namespace)} --for=${shellQuote(condition)} --timeout=10s`;
    }
  }
}

function expectationOf(check: Check): Expectation {
  return check.type === 'condition' ? { exitCode: 0 } : check.expect;
}

export function describeExpectation(expect: Expectation, lang: Lang = 'en'): string {
  if (lang === 'zh-cn') return describeExpectationZh(expect);
  const parts: string[] = [];
  if (expect.exitCode === 'nonzero') parts.push('a non-zero exit code');
  else parts.push(`exit code ${expect.exitCode ?? 0}`);
  if (expect.equals !== undefined) parts.push(`output "${expect.equals}"`);
  if (expect.includes !== undefined) parts.push(`output containing "${expect.includes}"`);
  if (expect.describe !== undefined) parts.push(expect.describe.en);
  else if (expect.matches !== undefined) parts.push(`output matching /${expect.matches}/`);
  return parts.join(' and ');
}

function describeExpectationZh(expect: Expectation): string {
  const parts: string[] = [];
  if (expect.exitCode === 'nonzero') parts.push('非 0 的退出码');
  else parts.push(`退出码 ${expect.exitCode ?? 0}`);
  if (expect.equals !== undefined) parts.push(`输出“${expect.equals}”`);
  if (expect.includes !== undefined) parts.push(`包含“${expect.includes}”的输出`);
  if (expect.describe !== undefined) parts.push(expect.describe['zh-cn']);
  else if (expect.matches !== undefined) parts.push(`匹配 /${expect.matches}/ 的输出`);
  return parts.join('，以及');
}

/** What the last attempt of a check gave: its exit code and what it printed, shortened. */
export function describeSeen(exitCode: number, output: string, lang: Lang = 'en'): string {
  if (lang === 'zh-cn') return `退出码 ${exitCode}，${output ? `输出“${shorten(output)}”` : '没有输出'}`;
  return `exit code ${exitCode}${output ? ` and output "${shorten(output)}"` : ' and no output'}`;
}

/** `equals` compares stdout; `includes` and `matches` also see stderr, where refusals land. */
export function meets(expect: Expectation, result: Pick<ShResult, 'exitCode' | 'stdout' | 'stderr'>): boolean {
  const wanted = expect.exitCode ?? 0;
  if (wanted === 'nonzero' ? result.exitCode === 0 : result.exitCode !== wanted) return false;
  const stdout = result.stdout.trim();
  const all = `${result.stdout}\n${result.stderr}`;
  if (expect.equals !== undefined && stdout !== expect.equals) return false;
  if (expect.includes !== undefined && !all.includes(expect.includes)) return false;
  if (expect.matches !== undefined && !new RegExp(expect.matches, 'm').test(all.trim())) return false;
  return true;
}

function shorten(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max)} …(${trimmed.length - max} more characters)` : trimmed;
}

export async function runCheck(
  check: Check,
  options: ShOptions & { signal?: AbortSignal; intervalMs?: number },
): Promise<CheckOutcome> {
  const command = checkCommand(check);
  const expect = expectationOf(check);
  const timeoutMs = parseDuration(check.timeout ?? DEFAULT_TIMEOUT);
  const last = await retry(
    async () => {
      const result = await sh(command, { cwd: options.cwd, env: options.env, timeoutMs: Math.max(timeoutMs, 15_000) });
      return { ok: meets(expect, result), value: result };
    },
    { timeoutMs, intervalMs: options.intervalMs ?? 2000, ...(options.signal ? { signal: options.signal } : {}) },
  );
  const result = last.value;
  const output = [result.stdout.trim(), result.stderr.trim()].filter(Boolean).join('\n');
  return {
    ok: last.ok,
    command,
    expected: describeExpectation(expect),
    seen: describeSeen(result.exitCode, output),
    tries: last.tries,
    output: result.stdout,
    last: { exitCode: result.exitCode, output },
  };
}

/** One readable paragraph: what the check proves, what ran, what was expected, what was seen. */
export function explainFailure(check: Check, outcome: CheckOutcome, lang: Lang = 'en'): string {
  const timeout = check.timeout ?? DEFAULT_TIMEOUT;
  if (lang === 'zh-cn') {
    const expected = describeExpectation(expectationOf(check), 'zh-cn');
    const seen = outcome.last ? describeSeen(outcome.last.exitCode, outcome.last.output, 'zh-cn') : outcome.seen;
    const attempts = outcome.tries === 1 ? '运行了一次' : `在 ${timeout} 内运行了 ${outcome.tries} 次`;
    return (
      `这项检查要证明的是：${check.proves['zh-cn'].replace(/。$/, '')}。` +
      `它${attempts} \`${outcome.command}\`，期望得到${expected}，但最后一次得到的是${seen}。`
    );
  }
  const attempts = outcome.tries === 1 ? 'once' : `${outcome.tries} times within ${timeout}`;
  return (
    `This check should prove that ${lowerFirst(check.proves.en)}. ` +
    `It ran \`${outcome.command}\` ${attempts} and expected ${outcome.expected}, ` +
    `but the last attempt gave ${outcome.seen}.`
  );
}

function lowerFirst(text: string): string {
  const trimmed = text.replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]?.toLowerCase() + trimmed.slice(1) : trimmed;
}
