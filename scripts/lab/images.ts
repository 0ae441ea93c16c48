import { PLATFORM } from '../../labs/kit/platform.ts';
import { loadAllLabs, loadLab } from '../../labs/kit/registry.ts';
import type { Command } from './command.ts';

export const images: Command = {
  name: 'images',
  usage: 'images [<lab>] [--no-node]',
  summary: 'print the pinned images a lab (or every lab) needs, for an offline bundle',
  help: 'Prints the pinned kind node image, then every image the lab (or every lab) pulls, one per line, without duplicates. Needs no Docker. For a workshop bundle: docker save -o lab-images.tar $(npm run -s lab -- images --no-node).',
  options: { 'no-node': { type: 'boolean' } },
  positionals: [0, 1],
  async run([id], values) {
    const labs = id === undefined ? await loadAllLabs() : [await loadLab(id)];
    const list = [...new Set(labs.flatMap((lab) => lab.images))].sort();
    if (values['no-node'] !== true) list.unshift(PLATFORM.nodeImage);
    process.stdout.write(list.length > 0 ? `${list.join('\n')}\n` : '');
    return 0;
  },
};
