import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildState, cachePath, hash, hashTree } from './build-cache.ts';
import { UserError } from './errors.ts';
import type { GoBuild } from './recipes.ts';
import { childEnv, type ShResult, sh, shellQuote } from './sh.ts';

export interface Binary {
  /** The package as `go build` takes it. */
  pkg: string;
  /** The file name in the output folder. */
  name: string;
}

/** "cmd/ctr" → github.com/containerd/containerd/v2/cmd/ctr; "x=name" renames the binary. */
export function binariesOf(build: Pick<GoBuild, 'module' | 'packages'>): Binary[] {
  return build.packages.map((entry) => {
    const [path = entry, rename] = entry.split('=');
    const first = path.split('/')[0] ?? '';
    const pkg = path === '.' ? build.module : first.includes('.') ? path : `${build.module}/${path}`;
    const parts = pkg.split('/');
    let last = parts.at(-1) ?? pkg;
    if (/^v\d+$/.test(last) && parts.length > 1) last = parts.at(-2) ?? last;
    return { pkg, name: rename ?? last };
  });
}

export function ldflagsOf(build: Pick<GoBuild, 'ldflags'>): string {
  return ['-s', '-w', ...build.ldflags].join(' ');
}

/** The key a build is cached under: everything that changes its output. */
export function goBuildKey(build: GoBuild, recipeDir: string): string {
  const wrapper = build.wrapper || build.script ? hashTree(recipeDir) : '';
  return hash(JSON.stringify(build), wrapper, process.env.GOTOOLCHAIN ?? '');
}

export function goBuildDir(build: GoBuild): string {
  return cachePath('bin', `${build.id}-${build.version}`);
}

/** The command that builds it: `go install PKG@VERSION`, a wrapper module's `go build`, or a script. */
export function goBuildCommand(build: GoBuild, recipeDir: string, out: string): string {
  const env = `CGO_ENABLED=${build.cgo ? 1 : 0} GOFLAGS=-buildvcs=false`;
  const tags = build.tags.length > 0 ? ` -tags ${shellQuote(build.tags.join(' '))}` : '';
  const flags = `-trimpath${tags} -ldflags ${shellQuote(ldflagsOf(build))}`;
  const binaries = binariesOf(build);
  if (build.script) {
    return `${shellQuote(join(recipeDir, build.script))} ${shellQuote(out)} ${shellQuote(build.version)}`;
  }
  if (build.wrapper) {
    return binaries
      .map(
        (binary) =>
          `(cd ${shellQuote(recipeDir)} && ${env} go build ${flags} -o ${shellQuote(join(out, binary.name))} ${binary.pkg})`,
      )
      .join('\n');
  }
  const installed = `GOBIN=${shellQuote(out)} ${env} go install ${flags} ${binaries
    .map((binary) => `${binary.pkg}@${build.version}`)
    .join(' ')}`;
  const renames = binaries
    .map((binary) => ({ ...binary, built: goInstallName(binary.pkg) }))
    .filter((binary) => binary.built !== binary.name)
    .map((binary) => `mv -f ${shellQuote(join(out, binary.built))} ${shellQuote(join(out, binary.name))}`);
  return [installed, ...renames].join('\n');
}

/** The file name `go install` gives a package's binary: its last element, a /vN suffix dropped. */
export function goInstallName(pkg: string): string {
  const parts = pkg.split('/');
  const last = parts.at(-1) ?? pkg;
  return /^v\d+$/.test(last) && parts.length > 1 ? (parts.at(-2) ?? last) : last;
}

export interface GoBuildResult {
  dir: string;
  reused: boolean;
  durationMs: number;
}

/** Builds the binaries unless the cache holds them for the same key. */
export async function buildGo(
  build: GoBuild,
  recipeDir: string,
  state: BuildState,
  log: (line: string) => void,
): Promise<GoBuildResult> {
  const dir = goBuildDir(build);
  const key = goBuildKey(build, recipeDir);
  const files = binariesOf(build).map((binary) => binary.name);
  const cached = state.binaries[build.id];
  if (cached?.key === key && files.every((file) => existsSync(join(dir, file)))) {
    return { dir, reused: true, durationMs: 0 };
  }
  const began = Date.now();
  const partial = `${dir}.partial`;
  mkdirSync(cachePath('bin'), { recursive: true });
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  log(`building ${build.id} ${build.version} from ${build.module}`);
  const result: ShResult = await sh(goBuildCommand(build, recipeDir, partial), {
    cwd: recipeDir,
    env: childEnv(undefined),
    timeoutMs: 3 * 60 * 60_000,
  });
  if (result.exitCode !== 0) {
    const tail = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-15).join('\n');
    throw new UserError(`go could not build ${build.id} ${build.version} (${build.module}):\n${tail}`, 1);
  }
  const missing = files.filter((file) => !existsSync(join(partial, file)));
  if (missing.length > 0) throw new UserError(`building ${build.id} produced no ${missing.join(', ')}`, 1);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  state.binaries[build.id] = { key, files };
  return { dir, reused: false, durationMs: Date.now() - began };
}

/** The folder of a module version in the module cache, downloading it when needed. */
export async function moduleDir(module: string, version: string): Promise<string> {
  const result = await sh(`go mod download -json ${shellQuote(`${module}@${version}`)}`, {
    cwd: cachePath(),
    env: childEnv(undefined),
    timeoutMs: 10 * 60_000,
  });
  try {
    const parsed = JSON.parse(result.stdout) as { Dir?: string; Error?: string };
    if (parsed.Dir) return parsed.Dir;
    throw new UserError(`go mod download ${module}@${version}: ${parsed.Error ?? 'no folder'}`, 1);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`go mod download ${module}@${version} failed: ${result.stderr.trim().split('\n')[0]}`, 1);
  }
}
