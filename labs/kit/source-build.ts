import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachePath, formatBytes, hash, hashTree, readState, sizeOf, writeState } from './build-cache.ts';
import { imageId } from './engine.ts';
import { UserError } from './errors.ts';
import { buildGo, moduleDir } from './go-build.ts';
import { kindNodeDefaults } from './kind-source.ts';
import {
  buildOrder,
  imagesDir,
  loadAllRecipes,
  normalizeImage,
  type Recipe,
  recipeFor,
  sourcesOf,
  unbuildableReason,
} from './recipes.ts';
import { childEnv, sh, shellQuote } from './sh.ts';

/** One line of the build's progress and summary. */
export interface Built {
  recipe: string;
  /** What: a binary set or an image reference. */
  what: string;
  version: string;
  source: string;
  /** built or reused; `cannot build` for a recipe that names images the platform cannot make. */
  result: 'built' | 'reused' | 'cannot build';
  durationMs: number;
  bytes: number;
  /** Why it cannot be built (English), for `cannot build`. */
  reason?: string;
}

export interface BuildOptions {
  /** The recipes wanted, or every recipe. Their `uses` are built first. */
  recipes?: string[];
  engine: 'podman' | 'docker';
  log: (line: string) => void;
  /** Called as each component finishes, for progress. */
  onBuilt?: (built: Built) => void;
  debianMirror?: string;
}

const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

function envName(id: string): string {
  return id.toUpperCase().replace(/-/g, '_');
}

async function imageBytes(engine: string, ref: string): Promise<number> {
  const result = await sh(`${engine} image inspect --format '{{.Size}}' ${shellQuote(ref)}`, {
    cwd: process.cwd(),
    env: childEnv(undefined),
    timeoutMs: 60_000,
  });
  return Number.parseInt(result.stdout.trim(), 10) || 0;
}

/** The version a recipe's image stands for: the tag of its first image. */
function imageVersion(ref: string): string {
  return normalizeImage(ref).split(':').at(-1) ?? '';
}

/**
 * Builds every recipe asked for, after the recipes it uses, reusing whatever the cache holds for
 * the same inputs. Go binaries are keyed by module, version and flags; images by the recipe folder,
 * the shared scripts and the keys of everything they are made from.
 */
export async function buildPlatform(options: BuildOptions): Promise<Built[]> {
  const all = await loadAllRecipes();
  const order = buildOrder(all, options.recipes ?? all.map((recipe) => recipe.name));
  const state = readState();
  const done: Built[] = [];
  const keys = new Map<string, string>();
  const binDirs = new Map<string, string>();
  const lib = hashTree(join(imagesDir(), 'lib'));
  mkdirSync(cachePath('tmp'), { recursive: true });

  const record = (built: Built) => {
    done.push(built);
    options.onBuilt?.(built);
  };

  for (const recipe of order) {
    const dir = join(imagesDir(), recipe.name);
    if (recipe.cannotBuild) {
      const first = recipe.images[0] ?? '';
      record({
        recipe: recipe.name,
        what: recipe.images.length === 1 ? first : `${first} (+${recipe.images.length - 1})`,
        version: imageVersion(first),
        source: recipe.standIn?.upstream ?? first,
        result: 'cannot build',
        durationMs: 0,
        bytes: 0,
        reason: recipe.cannotBuild.en,
      });
      continue;
    }
    const unbuildable = recipe.uses.filter((used) => all.find((other) => other.name === used)?.cannotBuild);
    if (unbuildable.length > 0) {
      throw new UserError(
        `recipe ${recipe.name} uses ${unbuildable.join(', ')}, whose images cannot be built here: remove the use`,
        1,
      );
    }
    const parts: string[] = [JSON.stringify(recipe)];
    for (const build of recipe.go) {
      const result = await buildGo(build, dir, state, options.log);
      writeState(state);
      binDirs.set(build.id, result.dir);
      parts.push(state.binaries[build.id]?.key ?? '');
      record({
        recipe: recipe.name,
        what: `${build.id} (${build.packages.length} binar${build.packages.length === 1 ? 'y' : 'ies'})`,
        version: build.release ?? build.version,
        source: `go: ${build.module}@${build.version}`,
        result: result.reused ? 'reused' : 'built',
        durationMs: result.durationMs,
        bytes: sizeOf(result.dir),
      });
    }
    if (recipe.script === undefined || recipe.images.length === 0) {
      keys.set(recipe.name, hash(...parts));
      continue;
    }
    for (const used of recipe.uses) parts.push(keys.get(used) ?? '');
    const key = hash(...parts, hashTree(dir), lib);
    keys.set(recipe.name, key);
    const present = await Promise.all(recipe.images.map((ref) => imageId(options.engine, ref)));
    const reusable = recipe.images.every(
      (ref, index) =>
        present[index] !== undefined && state.images[ref]?.key === key && state.images[ref]?.id === present[index],
    );
    const began = Date.now();
    if (!reusable) {
      options.log(`building ${recipe.images.join(', ')}`);
      await runRecipeScript(recipe, dir, all, binDirs, options);
      for (const ref of recipe.images) {
        const id = await imageId(options.engine, ref);
        if (id === undefined) throw new UserError(`recipe ${recipe.name} did not produce ${ref}`, 1);
        state.images[ref] = { key, id };
      }
      writeState(state);
    }
    const first = recipe.images[0] ?? '';
    record({
      recipe: recipe.name,
      what: recipe.images.length === 1 ? first : `${first} (+${recipe.images.length - 1})`,
      version: imageVersion(first),
      source: sourcesOf(recipe, 3),
      result: reusable ? 'reused' : 'built',
      durationMs: reusable ? 0 : Date.now() - began,
      bytes: await imageBytes(options.engine, first),
    });
  }
  return done;
}

async function runRecipeScript(
  recipe: Recipe,
  dir: string,
  all: readonly Recipe[],
  binDirs: Map<string, string>,
  options: BuildOptions,
): Promise<void> {
  const work = mkdtempSync(join(cachePath('tmp'), `${recipe.name}-`));
  const env: Record<string, string> = {
    ENGINE: options.engine,
    WORK: work,
    IMAGES: recipe.images.join('\n'),
    IMAGE: recipe.images[0] ?? '',
  };
  for (const used of [recipe.name, ...recipe.uses]) {
    const other = all.find((candidate) => candidate.name === used);
    for (const build of other?.go ?? []) {
      const binDir = binDirs.get(build.id);
      if (binDir) env[`BIN_${envName(build.id)}`] = binDir;
    }
    if (other?.images[0] && other.name !== recipe.name) env[`IMAGE_${envName(other.name)}`] = other.images[0];
  }
  if (recipe.debian) {
    env.DEBIAN_SUITE = recipe.debian.suite;
    env.DEBIAN_PACKAGES = recipe.debian.packages.join(',');
    env.DEBIAN_MIRROR = options.debianMirror ?? process.env.FIELDLAB_DEBIAN_MIRROR ?? DEFAULT_MIRROR;
    env.ROOTFS_CACHE = cachePath('rootfs', `${recipe.debian.suite}-${hash(...recipe.debian.packages)}.tar`);
  }
  const kind = all.find((candidate) => candidate.name === 'kind')?.go[0];
  if (kind) env.KIND_DIR = await moduleDir(kind.module, kind.version);
  const kubernetes = all.find((candidate) => candidate.name === 'kubernetes')?.go[0];
  if (kubernetes && recipe.uses.includes('kubernetes')) {
    env.KUBERNETES_DIR = await moduleDir(kubernetes.module, kubernetes.version);
    env.KUBERNETES_VERSION = kubernetes.version;
  }
  if (recipe.role === 'node') await prepareNode(all, env, work, options);
  const result = await sh(`bash ${shellQuote(join(dir, recipe.script ?? 'build.sh'))}`, {
    cwd: dir,
    env: { ...childEnv(undefined), ...env },
    timeoutMs: 60 * 60_000,
  });
  rmSync(work, { recursive: true, force: true });
  if (result.exitCode !== 0) {
    const tail = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-15).join('\n');
    throw new UserError(`the ${recipe.name} recipe failed (exit ${result.exitCode}):\n${tail}`, 1);
  }
}

/**
 * The node gets kind's default manifests and every image they and kubeadm name. An image with no
 * recipe stops the build here: a node without it would fail later, far from the cause.
 */
async function prepareNode(
  all: readonly Recipe[],
  env: Record<string, string>,
  work: string,
  options: BuildOptions,
): Promise<void> {
  const defaults = kindNodeDefaults(env.KIND_DIR ?? '');
  const manifests = join(work, 'manifests');
  const archives = join(work, 'archives');
  mkdirSync(manifests, { recursive: true });
  mkdirSync(archives, { recursive: true });
  writeFileSync(join(manifests, 'default-cni.yaml'), defaults.cniManifest);
  writeFileSync(join(manifests, 'default-storage.yaml'), defaults.storageManifest);
  const listed = await sh(
    `${shellQuote(join(env.BIN_KUBERNETES ?? '', 'kubeadm'))} config images list --kubernetes-version ${shellQuote(env.KUBERNETES_VERSION ?? '')}`,
    { cwd: work, env: childEnv(undefined), timeoutMs: 60_000 },
  );
  if (listed.exitCode !== 0) throw new UserError(`kubeadm config images list failed: ${listed.stderr.trim()}`, 1);
  const wanted = [
    ...listed.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.includes('/pause:')),
    defaults.sandboxImage,
    ...defaults.images,
  ];
  const missing = wanted.filter((ref) => !recipeFor(all, ref));
  if (missing.length > 0) throw new UserError(`the node needs images without a recipe: ${missing.join(', ')}`, 1);
  const unbuildable = wanted.filter((ref) => unbuildableReason(all, ref));
  if (unbuildable.length > 0) {
    const reasons = unbuildable.map((ref) => `${ref} (${unbuildableReason(all, ref)?.en ?? ''})`);
    throw new UserError(`the node needs images the platform cannot build: ${reasons.join('; ')}`, 1);
  }
  for (const [index, ref] of wanted.entries()) {
    const file = join(archives, `${String(index).padStart(2, '0')}.tar`);
    const saved = await sh(
      `${options.engine} save${options.engine === 'podman' ? ' --format docker-archive' : ''} -o ${shellQuote(file)} ${shellQuote(normalizeImage(ref))}`,
      { cwd: work, env: childEnv(undefined), timeoutMs: 10 * 60_000 },
    );
    if (saved.exitCode !== 0) throw new UserError(`${options.engine} save ${ref} failed: ${saved.stderr.trim()}`, 1);
  }
  env.ARCHIVES = archives;
  env.MANIFESTS = manifests;
}

/** A duration as the build summary shows it: 42s, 3m07s. */
export function buildSeconds(ms: number): string {
  return ms < 60_000
    ? `${Math.round(ms / 1000)}s`
    : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

const MARKS: Record<Built['result'], string> = {
  built: '✔ built',
  reused: '✔ reused',
  'cannot build': '✘ cannot build',
};

/** The header of the build's summary table. */
export function summaryHeader(): string {
  return `${'result'.padEnd(14)}  ${'recipe'.padEnd(22)} ${'what'.padEnd(58)} ${'version'.padEnd(20)} ${'time'.padStart(7)} ${'size'.padStart(9)}  source`;
}

/** One line of the summary table; an image that cannot be built shows why instead of its source. */
export function summaryRow(built: Built): string {
  const cannot = built.result === 'cannot build';
  const time = cannot ? '—' : buildSeconds(built.durationMs);
  const size = cannot ? '—' : formatBytes(built.bytes);
  const source = cannot ? `not built: ${built.reason ?? 'no reason given'}` : built.source;
  return `${MARKS[built.result].padEnd(14)}  ${built.recipe.padEnd(22)} ${built.what.padEnd(58)} ${built.version.padEnd(20)} ${time.padStart(7)} ${size.padStart(9)}  ${source}`;
}

/** The line after the table: how many components were built, reused, or cannot be built. */
export function summaryTotals(built: readonly Built[], durationMs: number, cacheBytes: number): string {
  const count = (result: Built['result']) => built.filter((item) => item.result === result).length;
  const cannot = count('cannot build');
  return `${built.length} components: ${count('built')} built, ${count('reused')} reused${cannot > 0 ? `, ${cannot} cannot be built` : ''}, in ${buildSeconds(durationMs)}; cache ${formatBytes(cacheBytes)}`;
}
