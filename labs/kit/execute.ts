import { type CheckOutcome, checkCommand, explainFailure, runCheck } from './checks.ts';
import { hostCgroupVersion } from './cluster-config.ts';
import { parseDuration } from './duration.ts';
import type { Check, Lang, Need } from './schema.ts';
import { type ShResult, sh } from './sh.ts';

export interface Context {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Print each command and its output as it runs (workshop mode). */
  echo?: (text: string) => void;
  /** Why needs from outside the cluster cannot be met here (see needs.ts); undefined when they can. */
  unmet?: (needs: readonly Need[] | undefined) => string | undefined;
  /** The language of `shown`, what the learner reads; `failure`, which is recorded, stays English. */
  lang?: Lang;
}

export interface Outcome {
  ok: boolean;
  commands: ShResult[];
  checks: CheckOutcome[];
  /** One paragraph: what ran, what was expected, what was seen (English, as transcripts record it). */
  failure?: string;
  /** The same paragraph in the context's language, when that is not English. */
  shown?: string;
  /** The output of the failing command or check, for the failure report. */
  output?: string;
}

function tail(text: string, lines = 25): string {
  const all = text.trimEnd().split('\n');
  return all.length > lines
    ? [`…(${all.length - lines} earlier lines)`, ...all.slice(-lines)].join('\n')
    : all.join('\n');
}

/** Runs commands in order; stops at the first that fails. */
export async function runCommands(commands: readonly string[], timeout: string, ctx: Context): Promise<Outcome> {
  const done: ShResult[] = [];
  for (const command of commands) {
    if (ctx.signal.aborted) return { ok: false, commands: done, checks: [], failure: 'Interrupted.' };
    ctx.echo?.(`$ ${command}`);
    const result = await sh(command, { cwd: ctx.cwd, env: ctx.env, timeoutMs: parseDuration(timeout) });
    done.push(result);
    if (ctx.echo && (result.stdout || result.stderr)) ctx.echo(`${result.stdout}${result.stderr}`.trimEnd());
    if (result.exitCode !== 0) {
      const why = result.timedOut ? `did not finish within ${timeout}` : `exited with code ${result.exitCode}`;
      const whyZh = result.timedOut ? `没有在 ${timeout} 内结束` : `以退出码 ${result.exitCode} 结束`;
      return {
        ok: false,
        commands: done,
        checks: [],
        failure: `The command \`${command}\` ${why}, so the step could not finish. Its output is below; the usual causes are a missing prerequisite step or a cluster that is not ready.`,
        ...(ctx.lang === 'zh-cn'
          ? {
              shown: `命令 \`${command}\` ${whyZh}，这一步没能完成。它的输出在下面；常见的原因是漏了前面的某一步，或者集群还没有就绪。`,
            }
          : {}),
        output: tail(`${result.stdout}${result.stderr}`),
      };
    }
  }
  return { ok: true, commands: done, checks: [] };
}

/** Runs checks in order; stops at the first that fails after its retries. */
export async function runChecks(checks: readonly Check[], ctx: Context): Promise<Outcome> {
  const done: CheckOutcome[] = [];
  for (const check of checks) {
    if (ctx.signal.aborted) return { ok: false, commands: [], checks: done, failure: 'Interrupted.' };
    const unmet = unmetHostNeeds(check) ?? ctx.unmet?.(check.needs);
    if (unmet !== undefined) {
      ctx.echo?.(`check not run: ${unmet}`);
      done.push({
        ok: true,
        notRun: unmet,
        command: checkCommand(check),
        expected: '',
        seen: '',
        tries: 0,
        output: '',
      });
      continue;
    }
    const outcome = await runCheck(check, { cwd: ctx.cwd, env: ctx.env, signal: ctx.signal });
    done.push(outcome);
    if (!outcome.ok) {
      return {
        ok: false,
        commands: [],
        checks: done,
        failure: explainFailure(check, outcome),
        ...(ctx.lang === 'zh-cn' ? { shown: explainFailure(check, outcome, 'zh-cn') } : {}),
        output: tail(outcome.output),
      };
    }
  }
  return { ok: true, commands: [], checks: done };
}

/** Why a check cannot hold on this host, or undefined when it can run. */
export function unmetHostNeeds(check: Check): string | undefined {
  if (check.hostNeeds === 'cgroup-v2' && hostCgroupVersion() === 1) {
    return `needs a cgroup v2 host and this one mounts cgroup v1 (it proves: ${check.proves.en})`;
  }
  return undefined;
}
