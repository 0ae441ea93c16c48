import { runExercise } from '../../labs/kit/exercises.ts';
import { clusterName, kubeconfigFile } from '../../labs/kit/kind.ts';
import { displayPath, workDir } from '../../labs/kit/paths.ts';
import { findExercise, loadLab } from '../../labs/kit/registry.ts';
import type { Exercise, Lab, Lang } from '../../labs/kit/schema.ts';
import { type Command, langOf } from './command.ts';

/**
 * Where the learner works on an exercise, in their language: the lab's work folder, which the paths of
 * the hint and of the fault are relative to, and for a cluster exercise the kubeconfig of its cluster.
 */
export function whereToWork(lab: Lab, exercise: Exercise, lang: Lang, after: 'hint' | 'break'): string {
  const folder = `${displayPath(workDir(lab.id))}/`;
  const kubeconfig = displayPath(kubeconfigFile(clusterName(lab)));
  const lines =
    lang === 'zh-cn'
      ? [
          after === 'hint'
            ? `在 ${folder} 目录中操作：提示里的相对路径都从这里算起（cd ${folder}）。`
            : `实验的文件在 ${folder} 目录中，排查和修复都在这里进行（cd ${folder}）。`,
          ...(exercise.where === 'cluster' ? [`让 kubectl 连到实验的集群：export KUBECONFIG=${kubeconfig}`] : []),
        ]
      : [
          after === 'hint'
            ? `Work in ${folder}: the paths in the hint start there (cd ${folder}).`
            : `The lab's files are in ${folder}: look and fix there (cd ${folder}).`,
          ...(exercise.where === 'cluster'
            ? [`kubectl reaches the lab's cluster with: export KUBECONFIG=${kubeconfig}`]
            : []),
        ];
  return lines.join('\n');
}

function brokenMessage(lab: Lab, exercise: Exercise, lang: Lang): string {
  const verify = `npm run lab -- verify ${lab.id} ${exercise.id}`;
  const hint = `npm run lab -- hint ${lab.id} ${exercise.id}`;
  const said =
    lang === 'zh-cn'
      ? [
          `已注入故障：${exercise.title['zh-cn']}`,
          `找出问题并修好后，运行 ${verify} --lang zh-cn 检查；没有头绪时，运行 ${hint} --lang zh-cn 查看提示。`,
        ]
      : [`Fault injected: ${exercise.title.en}`, `Find and fix it, then run "${verify}". Stuck? "${hint}".`];
  return [...said, whereToWork(lab, exercise, lang, 'break')].join('\n');
}

function exerciseVerb(name: 'break' | 'verify' | 'solve', summary: string, help: string): Command {
  return {
    name,
    usage: `${name} <lab> <exercise> [--lang zh-cn] [--node-image REF]`,
    summary,
    help: `${help} --lang zh-cn says it in Chinese. --node-image REF refuses a kept cluster whose node runs another image.`,
    options: { 'node-image': { type: 'string' }, lang: { type: 'string' } },
    positionals: [2, 2],
    operands: ['lab', 'exercise'],
    async run([id, exerciseId], values) {
      const language = langOf(values);
      const lab = await loadLab(id as string);
      const exercise = findExercise(lab, exerciseId as string);
      const nodeImage = typeof values['node-image'] === 'string' ? values['node-image'] : undefined;
      const result = await runExercise(lab, exercise, name, nodeImage, language);
      const message = name === 'break' && result.ok ? brokenMessage(lab, exercise, language) : result.message;
      (result.ok ? process.stdout : process.stderr).write(`${message}\n`);
      return result.ok ? 0 : 1;
    },
  };
}

export const breakCommand = exerciseVerb(
  'break',
  "inject an exercise's fault",
  'Injects the fault of an exercise and says where to work: the lab\'s folder .lab-work/<lab>/ (and, for a cluster exercise, the kubeconfig of its cluster). Host exercises rebuild the host steps they need first; cluster exercises need the cluster of "run --keep".',
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
  help: "Prints the hint of an exercise and the folder to work in (.lab-work/<lab>/, where the hint's paths start). Needs no cluster.",
  options: { lang: { type: 'string' } },
  positionals: [2, 2],
  operands: ['lab', 'exercise'],
  async run([id, exerciseId], values) {
    const lang = langOf(values);
    const lab = await loadLab(id as string);
    const exercise = findExercise(lab, exerciseId as string);
    process.stdout.write(
      `${exercise.title[lang]}\n\n${exercise.hint[lang]}\n\n${whereToWork(lab, exercise, lang, 'hint')}\n`,
    );
    return 0;
  },
};
