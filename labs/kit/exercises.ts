import { UserError } from './errors.ts';
import { type Context, type Outcome, runChecks, runCommands } from './execute.ts';
import { attachCluster } from './kind.ts';
import type { Exercise, Lab, Lang } from './schema.ts';
import { childEnv } from './sh.ts';
import { prepareWorkspace } from './workspace.ts';

export type ExerciseVerb = 'break' | 'verify' | 'solve';

async function contextFor(
  lab: Lab,
  exercise: Exercise,
  signal: AbortSignal,
  nodeImage: string | undefined,
  lang: Lang,
): Promise<Context> {
  const cwd = prepareWorkspace(lab.id);
  if (exercise.where === 'host') return { cwd, env: childEnv(undefined, { LAB_WORK: cwd }), signal, lang };
  const cluster = await attachCluster(lab, nodeImage);
  return { cwd, env: childEnv(cluster.kubeconfig, { LAB_WORK: cwd }), signal, lang };
}

/** What went wrong, in the learner's language. */
const told = (outcome: Outcome): string => outcome.shown ?? outcome.failure ?? '';

/**
 * Host exercises rebuild the steps they depend on first, so `break` works on a
 * fresh checkout; cluster exercises expect the cluster a `run --keep` left.
 */
async function prepareHostSteps(lab: Lab, exercise: Exercise, ctx: Context): Promise<void> {
  if (exercise.where !== 'host') return;
  for (const id of exercise.after) {
    const step = lab.steps.find((candidate) => candidate.id === id);
    if (!step) continue;
    if (step.where !== 'host')
      throw new UserError(`exercise ${exercise.id} is a host exercise but depends on cluster step ${id}`);
    const outcome = await runCommands(step.run, step.timeout, ctx);
    if (!outcome.ok)
      throw new UserError(`step ${id}, which exercise ${exercise.id} builds on, failed: ${outcome.failure}`, 1);
  }
}

export interface ExerciseResult {
  ok: boolean;
  message: string;
}

export async function runExercise(
  lab: Lab,
  exercise: Exercise,
  verb: ExerciseVerb,
  nodeImage?: string,
  lang: Lang = 'en',
): Promise<ExerciseResult> {
  const controller = new AbortController();
  const ctx = await contextFor(lab, exercise, controller.signal, nodeImage, lang);
  const zh = lang === 'zh-cn';
  if (verb === 'break') {
    await prepareHostSteps(lab, exercise, ctx);
    const outcome = await runCommands(exercise.break, '2m', ctx);
    if (!outcome.ok) {
      const said = zh ? '没能注入故障' : 'could not inject the fault';
      return { ok: false, message: `${said}${zh ? '：' : ': '}${told(outcome)}\n${outcome.output ?? ''}` };
    }
    return {
      ok: true,
      message: `Fault injected: ${exercise.title.en}. Find and fix it, then run "npm run lab -- verify ${lab.id} ${exercise.id}". Stuck? "npm run lab -- hint ${lab.id} ${exercise.id}".`,
    };
  }
  if (verb === 'solve') {
    const outcome = await runCommands(exercise.solve, '2m', ctx);
    if (!outcome.ok) {
      const said = zh ? '参考修复没有生效' : 'the reference fix did not apply';
      return { ok: false, message: `${said}${zh ? '：' : ': '}${told(outcome)}\n${outcome.output ?? ''}` };
    }
  }
  const verified = await runChecks(exercise.verify, ctx);
  if (!verified.ok) return { ok: false, message: `${zh ? '还没修好。' : 'Not fixed yet. '}${told(verified)}` };
  return {
    ok: true,
    message: zh
      ? `✔ ${exercise.title['zh-cn']}：已修好，verify 的每项检查都通过了。`
      : `✔ ${exercise.title.en}: fixed; every verify check passes.`,
  };
}

export type ProofPhase = 'break' | 'verify-after-break' | 'solve' | 'verify-after-solve';

export interface PhaseOutcome {
  phase: ProofPhase;
  /** Whether the phase went as the proof needs: verify-after-break must fail, every other phase pass. */
  asExpected: boolean;
  outcome: Outcome;
}

export interface ExerciseProof {
  id: string;
  result: 'passed' | 'failed';
  /** One sentence on the phase that did not go as expected. */
  failure?: string;
  phases: PhaseOutcome[];
}

/**
 * The cycle that proves an exercise (contract 1): `break` injects the fault, `verify` must then
 * fail (a check that cannot fail is no check), `solve` applies the reference fix, and `verify`
 * must pass. Stops at the first phase that does not go as expected.
 */
export async function proveExercise(exercise: Exercise, ctx: Context): Promise<ExerciseProof> {
  const phases: PhaseOutcome[] = [];
  const fail = (failure: string): ExerciseProof => ({ id: exercise.id, result: 'failed', failure, phases });
  const broke = await runCommands(exercise.break, '2m', ctx);
  phases.push({ phase: 'break', asExpected: broke.ok, outcome: broke });
  if (!broke.ok) return fail(`break did not inject the fault: ${broke.failure ?? ''}`);
  const early = await runChecks(exercise.verify, ctx);
  phases.push({ phase: 'verify-after-break', asExpected: !early.ok, outcome: early });
  if (early.ok) return fail('verify passed right after break: it cannot tell the fault from the fix');
  const solved = await runCommands(exercise.solve, '2m', ctx);
  phases.push({ phase: 'solve', asExpected: solved.ok, outcome: solved });
  if (!solved.ok) return fail(`the reference fix did not apply: ${solved.failure ?? ''}`);
  const late = await runChecks(exercise.verify, ctx);
  phases.push({ phase: 'verify-after-solve', asExpected: late.ok, outcome: late });
  if (!late.ok) return fail(`verify still fails after the reference fix: ${late.failure ?? ''}`);
  return { id: exercise.id, result: 'passed', phases };
}
