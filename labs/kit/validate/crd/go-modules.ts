import { spawnSync } from 'node:child_process';

const dirs = new Map<string, string>();

/**
 * The folder of a Go module version in the module cache, downloaded through the Go module proxy when it
 * is not there yet (`go mod download -json`). Throws a one-paragraph error that says what to do when Go is
 * missing or the proxy does not answer: a proof that needs the pinned schemas must fail, never pass without them.
 */
export function goModuleDir(module: string, version: string): string {
  const key = `${module}@${version}`;
  const known = dirs.get(key);
  if (known) return known;
  const result = spawnSync('go', ['mod', 'download', '-json', key], {
    encoding: 'utf8',
    timeout: 300_000,
    // Outside any module, so the project's own go.mod (if one appears) cannot change what is resolved.
    cwd: '/',
    env: { ...process.env, GO111MODULE: 'on' },
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      `the Go toolchain is not on PATH, so ${key} (which holds the pinned CRD schemas) cannot be read: install Go (CI has it)`,
    );
  }
  let parsed: { Dir?: string; Error?: string } = {};
  try {
    parsed = JSON.parse(result.stdout || '{}') as { Dir?: string; Error?: string };
  } catch {
    // reported below with stderr
  }
  if (result.status !== 0 || !parsed.Dir) {
    const why = parsed.Error ?? (result.stderr.trim().split('\n')[0] || `exit ${String(result.status)}`);
    throw new Error(
      `go mod download ${key} failed (${why}): the pinned CRD schemas come from that module; check GOPROXY and the network, or warm the module cache`,
    );
  }
  dirs.set(key, parsed.Dir);
  return parsed.Dir;
}
