import { exportBash } from '../../labs/kit/export.ts';
import { loadLab } from '../../labs/kit/registry.ts';
import type { Command } from './command.ts';

export const exportCommand: Command = {
  name: 'export',
  usage: 'export <lab>',
  summary: 'print the lab as a plain bash script',
  help: 'Prints the lab as one bash script (set -euo pipefail, one commented block per step, the same checks) for readers without Node. Save it in the lab folder: "npm run -s lab -- export storage > labs/storage/lab.sh".',
  options: {},
  positionals: [1, 1],
  operands: ['lab'],
  async run([id]) {
    process.stdout.write(exportBash(await loadLab(id as string)));
    return 0;
  },
};
