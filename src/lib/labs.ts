import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findStep, parseLab } from '../../labs/kit/registry.ts';
import type { Lab, Step } from '../../labs/kit/schema.ts';
import { staleSteps } from '../../labs/kit/stale.ts';
import { labStatus, readTranscripts, type Status, type Transcript } from '../../labs/kit/transcript.ts';

// Vite resolves this glob at build time: every lab definition is bundled and
// validated with the same schema the CLI uses, so a malformed lab fails the build.
const modules = import.meta.glob<{ default: unknown }>('../../labs/*/lab.ts', { eager: true });

const root = process.cwd();
// The kit finds lab folders from its own file's location, which bundling moves: point it at the checkout.
process.env.LAB_LABS_DIR ??= join(root, 'labs');

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

export function transcriptsOf(labId: string): Transcript[] {
  return readTranscripts(labId, join(root, 'labs', labId, 'runs'));
}

export function statusOf(labId: string): Status {
  return labStatus(transcriptsOf(labId));
}

/** The newest passing full run's record of a step, for "expected output" on the page. */
export function recordedStep(
  labId: string,
  stepId: string,
): { date: string; output: string; sourceBuilt: boolean; stale: boolean } | undefined {
  const run = transcriptsOf(labId).find((transcript) => transcript.scope === 'full' && transcript.result === 'passed');
  const step = run?.steps.find((candidate) => candidate.id === stepId);
  if (!run || !step) return undefined;
  const output = step.commands
    .map((command) => `$ ${command.command}\n${command.stdout}${command.stderr}`.trimEnd())
    .join('\n');
  const stale = staleSteps(getLab(labId), run).some((item) => item.step === stepId);
  return { date: run.startedAt.slice(0, 10), output, sourceBuilt: run.platform.source === 'source-built', stale };
}
