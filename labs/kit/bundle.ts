import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { type Engine, imageId } from './engine.ts';
import { UserError } from './errors.ts';
import { clusterStateDir, displayPath, privateDir, workRoot } from './paths.ts';
import { childEnv, type ShResult, sh, shellQuote } from './sh.ts';

/**
 * The offline bundle: one tar file a trainer copies to every laptop of a room without a good network.
 * Inside: `bundle.json` (what each image is, its ID and the SHA-256 of its archive) and one engine archive
 * per image under `images/`. One archive per image, saved by its tag and (with Docker 28+) for this
 * machine's platform only: a multi-platform save from Docker's containerd image store names content that
 * was never pulled, and a load drops repository digests, so `load` tags each image itself and remembers
 * which pinned digest it stands for.
 */
export const BUNDLE_FORMAT = 'fieldlab-images/1';

export interface BundleImage {
  /** As the labs name it, digest included when pinned by digest. */
  ref: string;
  /** The name:tag the archive carries and `load` restores. */
  tag: string;
  /** The engine's image ID when saved. */
  id: string;
  file: string;
  sha256: string;
  bytes: number;
}

export interface BundleIndex {
  format: typeof BUNDLE_FORMAT;
  created: string;
  engine: Engine['name'];
  platform: string;
  images: BundleImage[];
}

/** `name:tag@sha256:…` → `name:tag`; a reference without a tag keeps its name with `:latest` never assumed. */
export function tagOf(ref: string): string {
  const at = ref.indexOf('@');
  const named = at === -1 ? ref : ref.slice(0, at);
  const lastSlash = named.lastIndexOf('/');
  if (!named.slice(lastSlash + 1).includes(':')) {
    throw new UserError(`image ${ref} has no tag; the bundle saves images by name:tag`);
  }
  return named;
}

export function platformOf(nodeArch = arch()): string {
  return `linux/${nodeArch === 'x64' ? 'amd64' : nodeArch}`;
}

async function engineCommand(engine: Engine['name'], args: string, timeoutMs = 30 * 60_000): Promise<ShResult> {
  return sh(`${engine} ${args}`, { cwd: process.cwd(), env: childEnv(undefined), timeoutMs });
}

function failure(result: ShResult): string {
  return (
    `${result.stderr}\n${result.stdout}`
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? `exit code ${result.exitCode}`
  );
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Docker's API 1.48 (Engine 28) and later save one platform on request; podman saves the one it holds. */
export async function platformFlag(engine: Engine['name']): Promise<string> {
  if (engine !== 'docker') return '';
  const version = await engineCommand(engine, "version --format '{{.Server.APIVersion}}'", 30_000);
  const [major = 0, minor = 0] = version.stdout.trim().split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 48) ? ` --platform ${platformOf()}` : '';
}

export async function saveBundle(
  file: string,
  refs: readonly string[],
  engine: Engine['name'],
  log: (line: string) => void,
): Promise<BundleIndex> {
  if (existsSync(file)) throw new UserError(`${displayPath(file)} exists; remove it or name another file`);
  if (!existsSync(dirname(file))) throw new UserError(`the folder ${displayPath(dirname(file))} does not exist`);
  const found: { ref: string; tag: string; id: string }[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const tag = tagOf(ref);
    const id = (await imageId(engine, ref)) ?? (await imageId(engine, tag));
    if (id !== undefined) found.push({ ref, tag, id });
    else if (ref.startsWith('localhost/')) {
      // Built by a lab on each laptop (the troubleshooting toolbox), never pulled: in the bundle only if built here.
      log(`not in the bundle: ${ref}, which a lab builds on each laptop; build it here first to bring it along`);
    } else missing.push(ref);
  }
  if (missing.length > 0) {
    throw new UserError(
      `${engine} does not hold ${missing.length === 1 ? 'this image' : `these ${missing.length} images`}: ${missing.join(', ')}; pull ${missing.length === 1 ? 'it' : 'them'} first ("${engine} pull <image>"), or build the platform ("npm run lab -- images build")`,
    );
  }
  // Next to the target, so the final rename stays on one file system; removed whatever happens.
  const staging = mkdtempSync(join(dirname(file), `.${basename(file)}.partial-`));
  try {
    mkdirSync(join(staging, 'images'));
    const platform = await platformFlag(engine);
    const images: BundleImage[] = [];
    for (const [index, image] of found.entries()) {
      const name = `images/${String(index + 1).padStart(2, '0')}.tar`;
      const archive = join(staging, name);
      // The tag must name the same image as the reference, or the archive would carry another one.
      const tagged = await imageId(engine, image.tag);
      if (tagged !== image.id) {
        const tagging = await engineCommand(engine, `tag ${shellQuote(image.id)} ${shellQuote(image.tag)}`, 60_000);
        if (tagging.exitCode !== 0) throw new UserError(`cannot tag ${image.ref} as ${image.tag}: ${failure(tagging)}`);
      }
      const format = engine === 'podman' ? ' --format docker-archive' : '';
      const saved = await engineCommand(
        engine,
        `save${platform}${format} -o ${shellQuote(archive)} ${shellQuote(image.tag)}`,
      );
      if (saved.exitCode !== 0) throw new UserError(`${engine} could not save ${image.ref}: ${failure(saved)}`);
      const bytes = statSync(archive).size;
      images.push({ ...image, file: name, sha256: await sha256Of(archive), bytes });
      log(`saved ${image.ref} (${(bytes / 2 ** 20).toFixed(0)} MiB)`);
    }
    const index: BundleIndex = {
      format: BUNDLE_FORMAT,
      created: new Date().toISOString(),
      engine,
      platform: platformOf(),
      images,
    };
    writeFileSync(join(staging, 'bundle.json'), `${JSON.stringify(index, null, 2)}\n`);
    const partial = join(staging, 'bundle.tar');
    const packed = await sh(`tar -cf ${shellQuote(partial)} -C ${shellQuote(staging)} bundle.json images`, {
      cwd: process.cwd(),
      env: childEnv(undefined),
      timeoutMs: 30 * 60_000,
    });
    if (packed.exitCode !== 0) throw new UserError(`tar could not write the bundle: ${failure(packed)}`);
    renameSync(partial, file);
    return index;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Which image ID each digest-pinned reference was loaded as: kind then gets the node image by its tag. */
function loadedRecord(): string {
  return join(clusterStateDir(), 'bundle-images.json');
}

export function readLoaded(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(loadedRecord(), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function parseIndex(text: string, file: string): BundleIndex {
  let index: Partial<BundleIndex>;
  try {
    index = JSON.parse(text) as Partial<BundleIndex>;
  } catch {
    throw new UserError(`${displayPath(file)} is not an image bundle of this project (bundle.json is not JSON)`);
  }
  if (index.format !== BUNDLE_FORMAT || !Array.isArray(index.images)) {
    throw new UserError(
      `${displayPath(file)} is not a bundle this version reads (format ${String(index.format)}, expected ${BUNDLE_FORMAT})`,
    );
  }
  for (const image of index.images) {
    if (!/^images\/\d+\.tar$/.test(image.file) || !/^[0-9a-f]{64}$/.test(image.sha256)) {
      throw new UserError(`${displayPath(file)} has a malformed entry for ${String(image.ref)}`);
    }
  }
  return index as BundleIndex;
}

export async function loadBundle(
  file: string,
  engine: Engine['name'],
  log: (line: string) => void,
): Promise<BundleIndex> {
  if (!existsSync(file)) throw new UserError(`${displayPath(file)} does not exist`);
  privateDir(workRoot());
  const staging = mkdtempSync(join(workRoot(), 'bundle-'));
  try {
    const unpacked = await sh(`tar -xf ${shellQuote(file)} -C ${shellQuote(staging)} bundle.json images`, {
      cwd: process.cwd(),
      env: childEnv(undefined),
      timeoutMs: 30 * 60_000,
    });
    if (unpacked.exitCode !== 0 || !existsSync(join(staging, 'bundle.json'))) {
      throw new UserError(`${displayPath(file)} is not an image bundle of this project: ${failure(unpacked)}`);
    }
    const index = parseIndex(readFileSync(join(staging, 'bundle.json'), 'utf8'), file);
    // Every archive is checked before any is loaded: a damaged copy changes nothing in the engine.
    for (const image of index.images) {
      const archive = join(staging, image.file);
      if (!existsSync(archive) || (await sha256Of(archive)) !== image.sha256) {
        throw new UserError(
          `${displayPath(file)} is damaged: ${image.file} (${image.ref}) does not match its SHA-256; copy the bundle again`,
        );
      }
    }
    const record = readLoaded();
    for (const image of index.images) {
      const loaded = await engineCommand(engine, `load -i ${shellQuote(join(staging, image.file))}`);
      if (loaded.exitCode !== 0) throw new UserError(`${engine} could not load ${image.ref}: ${failure(loaded)}`);
      const id = await imageId(engine, image.tag);
      if (id === undefined) {
        throw new UserError(`${engine} loaded ${image.file} but holds no ${image.tag} afterwards: ${failure(loaded)}`);
      }
      if (image.ref !== image.tag) record[image.ref] = id;
      // podman writes an image ID without the "sha256:" Docker puts before it: the same ID either way.
      const bare = (value: string) => value.replace(/^sha256:/, '');
      const same =
        bare(id) === bare(image.id) ? '' : ` (ID ${bare(id).slice(0, 12)}, saved as ${bare(image.id).slice(0, 12)})`;
      log(`loaded ${image.ref}${same}`);
    }
    privateDir(clusterStateDir());
    writeFileSync(loadedRecord(), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    return index;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The image kind should start the node from. A digest-pinned reference that the engine cannot resolve
 * (a load drops repository digests) but whose tag names the image a bundle loaded for it is given to kind
 * by its tag, so kind does not try to pull it again.
 */
export async function resolveNodeImage(engine: Engine['name'], ref: string): Promise<{ image: string; note?: string }> {
  if (!ref.includes('@')) return { image: ref };
  const loaded = readLoaded()[ref];
  if (loaded === undefined || (await imageId(engine, ref)) !== undefined) return { image: ref };
  const tag = tagOf(ref);
  if ((await imageId(engine, tag)) !== loaded) return { image: ref };
  return {
    image: tag,
    note: `node image ${tag} comes from the offline bundle (loaded for ${ref.slice(ref.indexOf('@') + 1, ref.indexOf('@') + 20)}…): kind gets it by its tag, as a load keeps no repository digest`,
  };
}
