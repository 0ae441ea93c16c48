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

export const list: Command = {
  name: 'list',
  usage: 'list [--json]',
  summary: 'list the labs',
  help: 'Lists every lab with its steps. --json prints an array of {id, title, summary, duration, tools, images, steps, exercises}.',
  options: { json: { type: 'boolean' } },
  positionals: [0, 0],
  async run(_positionals, values) {
    const labs = await loadAllLabs();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(labs.map(summarize), null, 2)}\n`);
      return 0;
    }
    for (const lab of labs) {
      const host = lab.steps.filter((step) => step.where === 'host').length;
      process.stdout.write(
        `${lab.id.padEnd(18)} ${lab.title.en} (${lab.duration} min, ${lab.steps.length} steps, ${host} on the host, ${lab.exercises.length} exercises)\n`,
      );
    }
    return 0;
  },
};
