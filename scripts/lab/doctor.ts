import { diagnose, formatFindings } from '../../labs/kit/doctor.ts';
import { loadAllLabs, loadLab } from '../../labs/kit/registry.ts';
import type { Command } from './command.ts';

export const doctor: Command = {
  name: 'doctor',
  usage: 'doctor [<lab>]',
  summary: 'check this machine for a lab (or all labs): Docker, tools, memory, cgroups, inotify, ports',
  help: 'Prints a ✔/✘ table with the fix for each ✘ and exits non-zero when anything is ✘. Changes nothing. Run it before a workshop.',
  options: {},
  positionals: [0, 1],
  operands: ['lab'],
  async run([id]) {
    const labs = id === undefined ? await loadAllLabs() : [await loadLab(id)];
    const findings = await diagnose(labs);
    process.stdout.write(`${formatFindings(findings)}\n`);
    const bad = findings.filter((finding) => !finding.ok).length;
    process.stdout.write(
      bad === 0 ? 'ready for the labs\n' : `${bad} problem${bad === 1 ? '' : 's'} to fix before the labs can run\n`,
    );
    return bad === 0 ? 0 : 1;
  },
};
