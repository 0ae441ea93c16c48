import { UserError } from '../../labs/kit/errors.ts';
import { runExercise } from '../../labs/kit/exercises.ts';
import { findExercise, loadLab } from '../../labs/kit/registry.ts';
import type { Command } from './command.ts';

function exerciseVerb(name: 'break' | 'verify' | 'solve', summary: string, help: string): Command {
  return {
    name,
    usage: `${name} <lab> <exercise> [--node-image REF]`,
    summary,
    help: `${help} --node-image REF refuses a kept cluster whose node runs another image.`,
    options: { 'node-image': { type: 'string' } },
    positionals: [2, 2],
    async run([id, exerciseId], values) {
      const lab = await loadLab(id as string);
      const exercise = findExercise(lab, exerciseId as string);
      const nodeImage = typeof values['node-image'] === 'string' ? values['node-image'] : undefined;
      const result = await runExercise(lab, exercise, name, nodeImage);
      (result.ok ? process.stdout : process.stderr).write(`${result.message}\n`);
      return result.ok ? 0 : 1;
    },
  };
}

export const breakCommand = exerciseVerb(
  'break',
  "inject an exercise's fault",
  'Injects the fault of an exercise: host exercises rebuild the host steps they need first; cluster exercises need the cluster of "run --keep".',
);
export const verify = exerciseVerb(
  'verify',
  'check your fix of an exercise',
  'Exits 0 only when every verify check of the exercise passes; otherwise says what is still wrong and exits 1.',
);
export const solve = exerciseVerb(
  'solve',
  'apply the reference fix, then verify',
  'Applies the reference fix of an exercise, then runs its verify checks.',
);

export const hint: Command = {
  name: 'hint',
  usage: 'hint <lab> <exercise> [--lang zh-cn]',
  summary: 'print a hint for an exercise (works offline)',
  help: 'Prints the hint of an exercise. Needs no cluster.',
  options: { lang: { type: 'string' } },
  positionals: [2, 2],
  async run([id, exerciseId], values) {
    const lang = values.lang ?? 'en';
    if (lang !== 'en' && lang !== 'zh-cn') throw new UserError(`--lang takes "en" or "zh-cn", not "${String(lang)}"`);
    const exercise = findExercise(await loadLab(id as string), exerciseId as string);
    process.stdout.write(`${exercise.title[lang]}\n\n${exercise.hint[lang]}\n`);
    return 0;
  },
};
