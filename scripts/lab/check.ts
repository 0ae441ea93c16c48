import { runChecks } from '../../labs/kit/execute.ts';
import { attachCluster } from '../../labs/kit/kind.ts';
import { NO_LIMITS, platformLimits, unmetNeeds } from '../../labs/kit/needs.ts';
import { isSourceBuilt } from '../../labs/kit/platform-facts.ts';
import { loadAllRecipes } from '../../labs/kit/recipes.ts';
import { findStep, loadLab } from '../../labs/kit/registry.ts';
import { childEnv } from '../../labs/kit/sh.ts';
import { prepareWorkspace } from '../../labs/kit/workspace.ts';
import { type Command, langOf } from './command.ts';

export const check: Command = {
  name: 'check',
  usage: 'check <lab> [<step>] [--lang zh-cn] [--node-image REF]',
  summary: 'run the checks alone, against a cluster kept by "run --keep"',
  help: 'Runs the checks of every step (or of one) without running the steps, against the state the last step left; host checks look at .lab-work/<lab>/. Changes nothing. A check that describes a moment during the lab (a claim still Pending before its Pod exists, a permission not yet granted) is skipped and counted: a run proves those right after their step. --lang zh-cn explains a failed check, and the skipped ones, in Chinese. --node-image REF refuses a kept cluster whose node runs another image.',
  options: { 'node-image': { type: 'string' }, lang: { type: 'string' } },
  positionals: [1, 2],
  operands: ['lab', 'step'],
  async run([id, stepId], values) {
    const lang = langOf(values);
    const zh = lang === 'zh-cn';
    const lab = await loadLab(id as string);
    const steps = stepId === undefined ? lab.steps : [findStep(lab, stepId)];
    const cwd = prepareWorkspace(lab.id);
    const cluster = steps.some((step) => step.where === 'cluster')
      ? await attachCluster(lab, typeof values['node-image'] === 'string' ? values['node-image'] : undefined)
      : undefined;
    const signal = new AbortController().signal;
    // On the source-built platform, what needs an image it cannot build is not run here either.
    const limits = cluster
      ? platformLimits(isSourceBuilt(cluster.nodeImage), undefined, await loadAllRecipes())
      : NO_LIMITS;
    const unmet = (needs: Parameters<typeof unmetNeeds>[0]) => unmetNeeds(needs, limits);
    let failures = 0;
    let moments = 0;
    for (const step of steps) {
      const notRun = unmet(step.needs);
      if (notRun !== undefined) {
        process.stdout.write(`– ${step.id}: not run (${notRun})\n`);
        continue;
      }
      const env = childEnv(step.where === 'cluster' ? cluster?.kubeconfig : undefined, { LAB_WORK: cwd });
      // What held only for a while during the steps is not the state a kept cluster ends in.
      const lasting = step.checks.filter((item) => item.moment !== true);
      const skipped = step.checks.length - lasting.length;
      moments += skipped;
      const note =
        skipped === 0
          ? ''
          : zh
            ? `（跳过 ${skipped} 项描述某一时刻的检查）`
            : ` (${plural(skipped, 'check')} of a moment skipped)`;
      if (lasting.length === 0) {
        process.stdout.write(
          zh
            ? `– ${step.id}：每项检查描述的都是实验过程中的某一时刻，已跳过\n`
            : `– ${step.id}: every check describes a moment during the lab; skipped\n`,
        );
        continue;
      }
      const outcome = await runChecks(lasting, { cwd, env, signal, unmet, lang });
      const failure = outcome.shown ?? outcome.failure;
      process.stdout.write(
        `${outcome.ok ? '✔' : '✘'} ${step.id}${outcome.ok ? note : `${zh ? '：' : ': '}${failure}`}\n`,
      );
      if (!outcome.ok) failures += 1;
    }
    if (moments > 0 && zh) {
      process.stdout.write(
        `有 ${moments} 项检查描述的是实验过程中的某一时刻，而不是实验结束时的状态，所以跳过了；"npm run lab -- run ${lab.id}" 会在对应步骤之后立即验证它们。\n`,
      );
    } else if (moments > 0) {
      process.stdout.write(
        `${plural(moments, 'check')} ${moments === 1 ? 'describes' : 'describe'} a moment during the lab, not the state it ends in, and ${moments === 1 ? 'was' : 'were'} skipped; "npm run lab -- run ${lab.id}" proves ${moments === 1 ? 'it' : 'them'} right after ${moments === 1 ? 'its' : 'their'} step.\n`,
      );
    }
    return failures === 0 ? 0 : 1;
  },
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
