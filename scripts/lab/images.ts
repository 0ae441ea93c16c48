import { loadBundle, saveBundle } from '../../labs/kit/bundle.ts';
import { useEngine } from '../../labs/kit/engine.ts';
import { UserError } from '../../labs/kit/errors.ts';
import { displayPath, userPath } from '../../labs/kit/paths.ts';
import { PLATFORM } from '../../labs/kit/platform.ts';
import { loadAllLabs, loadLab } from '../../labs/kit/registry.ts';
import type { Command } from './command.ts';
import { buildImages } from './images-build.ts';

export const images: Command = {
  name: 'images',
  usage:
    'images [<lab>] [--no-node] | images build [<lab>...] [--json] | images save FILE [<lab>...] [--no-node] [--node-image REF] | images load FILE',
  summary:
    'list the pinned images; "build" builds the platform from source; "save"/"load" make and use an offline bundle',
  help: [
    'images [<lab>] [--no-node]',
    '  Prints the pinned kind node image, then every image the lab (or every lab) pulls, one per line, without',
    '  duplicates. Needs no container engine.',
    '',
    'images save FILE [<lab>...] [--no-node] [--node-image REF]',
    '  Writes the offline bundle for a room without a good network: the node image and every image of the labs',
    '  named (or of all labs), as the container engine holds them (pull them first, or build them), each in an',
    '  archive of its own with its SHA-256, in one tar file. --node-image REF saves that node image instead of',
    '  the pinned one (the source-built kindest/node:v1.36.4-fieldlab-source, say). Refuses to overwrite FILE.',
    '',
    'images load FILE',
    '  Checks every archive of the bundle against its SHA-256 before loading any, loads them into the engine,',
    '  and tags each image as the labs name it. A digest-pinned node image is remembered, so that "run" gives it',
    '  to kind by its tag (a load keeps no repository digest) instead of pulling it again.',
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
  options: { 'no-node': { type: 'boolean' }, json: { type: 'boolean' }, 'node-image': { type: 'string' } },
  positionals: [0, 20],
  async run(positionals, values) {
    if (positionals[0] === 'build') {
      return buildImages(positionals.slice(1), values.json === true);
    }
    if (positionals[0] === 'save' || positionals[0] === 'load') return bundle(positionals, values);
    if (values['node-image'] !== undefined)
      throw new UserError(
        '--node-image goes with "images save"; usage: npm run lab -- images save FILE --node-image REF',
      );
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

async function bundle(
  [verb, file, ...ids]: string[],
  values: Record<string, string | boolean | undefined>,
): Promise<number> {
  if (file === undefined) throw new UserError(`images ${verb} needs a FILE; usage: npm run lab -- images ${verb} FILE`);
  if (values.json === true) throw new UserError(`--json goes with "images build", not "images ${verb}"`);
  if (verb === 'load' && (ids.length > 0 || values['no-node'] !== undefined || values['node-image'] !== undefined)) {
    throw new UserError('images load takes the FILE only: it loads everything the bundle holds');
  }
  const probe = await useEngine();
  if (!probe.engine) throw new UserError(probe.fix);
  const target = userPath(file);
  const log = (line: string) => process.stdout.write(`  ${line}\n`);
  if (verb === 'load') {
    const index = await loadBundle(target, probe.engine.name, log);
    process.stdout.write(
      `loaded ${index.images.length} image(s) from ${displayPath(target)} (saved ${index.created.slice(0, 10)} for ${index.platform}); "npm run lab -- run <lab>" uses them without a registry\n`,
    );
    return 0;
  }
  const labs = ids.length === 0 ? await loadAllLabs() : await Promise.all(ids.map((id) => loadLab(id)));
  const refs = [...new Set(labs.flatMap((lab) => lab.images))].sort();
  if (values['no-node'] !== true) {
    refs.unshift(typeof values['node-image'] === 'string' ? values['node-image'] : PLATFORM.nodeImage);
  } else if (values['node-image'] !== undefined) {
    throw new UserError('--node-image and --no-node contradict each other: name a node image, or leave it out');
  }
  const index = await saveBundle(target, refs, probe.engine.name, log);
  const bytes = index.images.reduce((sum, image) => sum + image.bytes, 0);
  process.stdout.write(
    `wrote ${displayPath(target)}: ${index.images.length} image(s), ${(bytes / 2 ** 20).toFixed(0)} MiB, for ${index.platform}; on each laptop: npm run lab -- images load ${file}\n`,
  );
  return 0;
}
