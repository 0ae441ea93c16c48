import { loadAllLabs } from '../../labs/kit/registry.ts';
import type { Lab } from '../../labs/kit/schema.ts';
import type { Command } from './command.ts';

export function summarize(lab: Lab) {
  return {
    id: lab.id,
    title: lab.title,
    summary: lab.summary,
    duration: lab.duration,
    tools: lab.tools.map(({ name, min, for: where }) => ({ name, min, for: where })),
    images: lab.images,
    steps: lab.steps.map(({ id, title, where }) => ({ id, title, where })),
    exercises: lab.exercises.map(({ id, title }) => ({ id, title })),
  };
}

/** "1 exercise", "3 exercises". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `label: a, b, c`, wrapped at `width` with continuation lines under the first item. */
function wrapped(label: string, items: readonly string[], width: number): string {
  const indent = ' '.repeat(label.length);
  const lines: string[] = [];
  let line = label;
  for (const [index, item] of items.entries()) {
    const word = index < items.length - 1 ? `${item},` : item;
    if (line === label || line === indent) line += word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = `${indent}${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** One lab as `list` prints it: id, title and time, then its step ids (host steps marked) and exercise ids. */
export function describeLab(lab: Lab, width = 100): string {
  const host = lab.steps.filter((step) => step.where === 'host').length;
  const steps = lab.steps.map((step) => (step.where === 'host' ? `${step.id} (host)` : step.id));
  const stepsLabel = `  ${count(lab.steps.length, 'step')}${host > 0 ? `, ${host} on the host` : ''}: `;
  const exercises =
    lab.exercises.length === 0
      ? '  no exercises yet'
      : wrapped(
          `  ${count(lab.exercises.length, 'exercise')}: `,
          lab.exercises.map((exercise) => exercise.id),
          width,
        );
  return [`${lab.id}: ${lab.title.en} (${lab.duration} min)`, wrapped(stepsLabel, steps, width), exercises].join('\n');
}

export const list: Command = {
  name: 'list',
  usage: 'list [--json]',
  summary: 'list the labs with their step and exercise ids',
  help: 'Lists every lab with its step ids (steps that run on your machine, with no cluster, are marked "(host)") and its exercise ids. --json prints an array of {id, title, summary, duration, tools, images, steps, exercises}.',
  options: { json: { type: 'boolean' } },
  positionals: [0, 0],
  async run(_positionals, values) {
    const labs = await loadAllLabs();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(labs.map(summarize), null, 2)}\n`);
      return 0;
    }
    const width = Math.max(60, Math.min(process.stdout.columns || 100, 120));
    process.stdout.write(`${labs.map((lab) => describeLab(lab, width)).join('\n\n')}\n`);
    return 0;
  },
};
