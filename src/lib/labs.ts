import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCommand } from '../../labs/kit/checks.ts';
import { readUnmetReason } from '../../labs/kit/needs.ts';
import { loadAllRecipes, unbuildableReason } from '../../labs/kit/recipes.ts';
import { findStep, parseLab } from '../../labs/kit/registry.ts';
import type { Lab, Step } from '../../labs/kit/schema.ts';
import { newestPassing, staleSteps } from '../../labs/kit/stale.ts';
import { labStatus, ranSourceBuilt, readTranscripts, type Status, type Transcript } from '../../labs/kit/transcript.ts';
import { type Lang, t } from './i18n.ts';

// Vite resolves this glob at build time: every lab definition is bundled and
// validated with the same schema the CLI uses, so a malformed lab fails the build.
const modules = import.meta.glob<{ default: unknown }>('../../labs/*/lab.ts', { eager: true });
const root = process.cwd();
// The kit finds lab folders from its own file's location, which bundling moves: point it at the checkout.
process.env.LAB_LABS_DIR ??= join(root, 'labs');
// The recipes' own words for what the source-built platform cannot build, in both languages. Imported
// from the checkout at build time (not bundled): a recipe may read files beside it.
const recipes = await loadAllRecipes();

const labs = new Map<string, Lab>(
  Object.entries(modules).map(([path, module]) => {
    const id = path.split('/').at(-2) as string;
    return [id, parseLab(module.default, `labs/${id}/lab.ts`, id)];
  }),
);

export function getLab(id: string): Lab {
  const lab = labs.get(id);
  if (!lab) throw new Error(`No lab "${id}"; labs: ${[...labs.keys()].join(', ')}`);
  return lab;
}

export function getStep(lab: Lab, id: string): { step: Step; index: number } {
  const step = findStep(lab, id);
  return { step, index: lab.steps.indexOf(step) };
}

export function readLabFile(labId: string, path: string): string {
  if (path.includes('..')) throw new Error(`Lab file paths stay inside the lab: "${path}"`);
  return readFileSync(join(root, 'labs', labId, path), 'utf8');
}

/** The lab files a step shows: those its commands apply with -f, then the ones it names. */
export function filesOf(step: Step): string[] {
  const applied = step.run.flatMap((command) =>
    [...command.matchAll(/(?:^|\s)(?:-f|--filename)[ =]((?:manifests|files)\/\S+)/g)].map(
      (match) => match[1] as string,
    ),
  );
  return [...new Set([...applied, ...step.show])];
}

export function languageOf(path: string): string {
  const extension = path.split('.').pop() ?? '';
  return (
    { yaml: 'yaml', yml: 'yaml', json: 'json', cnf: 'ini', conf: 'ini', sh: 'sh', rules: 'yaml', txt: 'txt' }[
      extension
    ] ?? 'txt'
  );
}

const transcripts = new Map<string, Transcript[]>();

/** A lab's transcripts, newest first; read once per build (every step of a page asks). */
export function transcriptsOf(labId: string): Transcript[] {
  let list = transcripts.get(labId);
  if (!list) {
    list = readTranscripts(labId, join(root, 'labs', labId, 'runs'));
    transcripts.set(labId, list);
  }
  return list;
}

export function statusOf(labId: string): Status {
  return labStatus(transcriptsOf(labId));
}

/** Why a check did not run, in the reader's language where the kit's reason is a known one. */
export function notRunReason(reason: string, lang: Lang): string {
  if (reason.startsWith('needs a cgroup v2 host')) return t(lang, 'needsCgroupV2');
  const unmet = readUnmetReason(reason);
  if (unmet && 'image' in unmet) {
    const why = unbuildableReason(recipes, unmet.image)?.[lang] ?? unmet.recipeReason;
    return t(lang, 'needsUnbuildable', { image: unmet.image, reason: why });
  }
  if (unmet) return t(lang, 'needsDownload', { host: unmet.host });
  return reason;
}

/** What the recording says of one check of the step as the lab defines it now. */
export type Verdict = { result: 'passed' | 'failed' | 'not-recorded' } | { result: 'not-run'; reason: string };

export interface RecordedStep {
  /** The run's day, YYYY-MM-DD. */
  date: string;
  /** Each command as `$ command`, then what it printed. */
  blocks: { command: string; output: string }[];
  lines: number;
  sourceBuilt: boolean;
  /** The step's commands or checks changed since the recording. */
  stale: boolean;
  /** One per check of the current definition, in order. */
  verdicts: Verdict[];
  /** The whole step did not run on that platform, and why (the kit's words). */
  notRun?: string;
}

/** The newest passing full run's record of a step, for "expected output" on the page. */
export function recordedStep(labId: string, stepId: string): RecordedStep | undefined {
  const run = newestPassing(transcriptsOf(labId));
  const recorded = run?.steps.find((candidate) => candidate.id === stepId);
  if (!run || !recorded || recorded.result === 'skipped') return undefined;
  const { step } = getStep(getLab(labId), stepId);
  const blocks = recorded.commands.map((command) => ({
    command: command.command,
    output: `${command.stdout}${command.stderr}`.trimEnd(),
  }));
  const lines = blocks.reduce(
    (sum, block) => sum + block.command.split('\n').length + (block.output ? block.output.split('\n').length : 0),
    0,
  );
  const stepNotRun = recorded.notRun;
  const verdicts = step.checks.map((check): Verdict => {
    if (stepNotRun !== undefined) return { result: 'not-run', reason: stepNotRun };
    const seen = recorded.checks.find((candidate) => candidate.command === checkCommand(check));
    if (!seen) return { result: 'not-recorded' };
    if (seen.notRun !== undefined) return { result: 'not-run', reason: seen.notRun };
    return { result: seen.ok ? 'passed' : 'failed' };
  });
  const stale = staleSteps(getLab(labId), run).some((item) => item.step === stepId);
  return {
    date: run.startedAt.slice(0, 10),
    blocks,
    lines,
    sourceBuilt: ranSourceBuilt(run),
    stale,
    verdicts,
    ...(stepNotRun !== undefined ? { notRun: stepNotRun } : {}),
  };
}

/** Number of lines of a text, not counting a final newline. */
export function lineCount(text: string): number {
  return text.replace(/\n$/, '').split('\n').length;
}

/** Where a transcript was read from, relative to the repository (the name writeTranscript gives it). */
export function transcriptPath(transcript: Transcript): string | undefined {
  const path = join(
    'labs',
    transcript.lab,
    'runs',
    `${transcript.startedAt.replace(/[:.]/g, '-')}-${transcript.scope}.json`,
  );
  return existsSync(join(root, path)) ? path : undefined;
}

/** A lab's card facts, in order: about how long, how many steps (how many need no cluster), how many exercises. */
export function labFacts(lab: Lab, lang: Lang): string[] {
  const host = lab.steps.filter((step) => step.where === 'host').length;
  const steps = t(lang, 'stepsCount', { n: lab.steps.length });
  const hostSteps = t(lang, 'hostStepsCount', { n: host });
  const facts = [
    t(lang, 'aboutMinutes', { n: lab.duration }),
    host === 0 ? steps : lang === 'zh-cn' ? `${steps}（${hostSteps}）` : `${steps} (${hostSteps})`,
  ];
  if (lab.exercises.length > 0)
    facts.push(
      lab.exercises.length === 1 ? t(lang, 'exerciseCount') : t(lang, 'exercisesCount', { n: lab.exercises.length }),
    );
  return facts;
}
