import { UserError } from '../../labs/kit/errors.ts';
import { PLATFORM } from '../../labs/kit/platform.ts';
import { loadAllLabs, loadLab } from '../../labs/kit/registry.ts';
import type { Command } from './command.ts';
import { buildImages } from './images-build.ts';

export const images: Command = {
  name: 'images',
  usage: 'images [<lab>] [--no-node] | images build [<lab>...] [--json]',
  summary: 'list the pinned images; "images build" builds the whole platform from source',
  help: [
    'images [<lab>] [--no-node]',
    '  Prints the pinned kind node image, then every image the lab (or every lab) pulls, one per line, without',
    '  duplicates. Needs no container engine. For a workshop bundle:',
    '  docker save -o lab-images.tar $(npm run -s lab -- images --no-node).',
    '',
    'images build [<lab>...] [--json]',
    '  Builds, or reuses from the cache, everything a cluster run needs without a container registry: kind and',
    '  Kubernetes from their Go modules, the node image (kindest/node:v1.36.4-fieldlab-source) as kind assembles',
    '  it, and a stand-in for every image the labs use (all labs, or the ones named). Recipes are in',
    '  labs/images/<name>/. The cache is ~/.cache/fieldlab (FIELDLAB_CACHE moves it): idempotent, a second run',
    '  with a warm cache takes seconds. Needs Go, a Debian mirror and rootful podman (or Docker); as root on a',
    '  Debian-like machine it installs and configures what is missing (labs/images/lib/host-setup.sh).',
    '  --json prints the summary as JSON.',
  ].join('\n'),
  options: { 'no-node': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [0, 20],
  async run(positionals, values) {
    if (positionals[0] === 'build') {
      return buildImages(positionals.slice(1), values.json === true);
    }
    if (values.json === true)
      throw new UserError('--json goes with "images build"; usage: npm run lab -- images build --json');
    if (positionals.length > 1) {
      throw new UserError(`images takes one lab at most, or "build"; usage: npm run lab -- ${images.usage}`);
    }
    const [id] = positionals;
    const labs = id === undefined ? await loadAllLabs() : [await loadLab(id)];
    const list = [...new Set(labs.flatMap((lab) => lab.images))].sort();
    if (values['no-node'] !== true) list.unshift(PLATFORM.nodeImage);
    process.stdout.write(list.length > 0 ? `${list.join('\n')}\n` : '');
    return 0;
  },
};
