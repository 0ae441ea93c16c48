import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findEngine } from '../labs/kit/engine.ts';
import { goBuildDir } from '../labs/kit/go-build.ts';
import { repoRoot } from '../labs/kit/paths.ts';
import { PLATFORM } from '../labs/kit/platform.ts';
import { loadAllRecipes } from '../labs/kit/recipes.ts';
import { listLabIds } from '../labs/kit/registry.ts';
import { dockerEngine } from '../labs/kit/tools.ts';

/**
 * The cluster tier: every lab (or the ones named), in order, recorded. Each run writes a
 * transcript (the site's status) and a JUnit report. With --source-built, the platform is first
 * built from source (`lab images build`, a no-op on a warm cache) and every lab runs on the
 * source-built node image, on rootful podman where no Docker engine answers.
 */
const args = process.argv.slice(2);
const sourceBuilt = args.includes('--source-built');
const unknown = args.filter((arg) => arg.startsWith('-') && arg !== '--source-built');
if (unknown.length > 0) {
  process.stderr.write(
    `test:cluster: unknown option ${unknown[0]}; usage: npm run test:cluster -- [--source-built] [<lab>...]\n`,
  );
  process.exit(2);
}
const only = args.filter((arg) => !arg.startsWith('-'));
const ids = only.length > 0 ? only : listLabIds();
const env = { ...process.env };

if (sourceBuilt) {
  const docker = await dockerEngine();
  if (!docker.ok && env.KIND_EXPERIMENTAL_PROVIDER === undefined) {
    env.KIND_EXPERIMENTAL_PROVIDER = 'podman';
    process.env.KIND_EXPERIMENTAL_PROVIDER = 'podman';
  }
  const probe = await findEngine();
  if (!probe.engine) {
    process.stdout.write(`cluster labs: not run (${probe.fix})\n`);
    process.exit(0);
  }
  const built = spawnSync(process.execPath, ['scripts/lab.ts', 'images', 'build', ...only], {
    cwd: repoRoot,
    stdio: 'inherit',
    env,
  });
  if (built.status !== 0) {
    process.stdout.write('cluster labs: not run (the source-built platform did not build; see above)\n');
    process.exit(1);
  }
  // The labs run with the tools that were built (kind, kubectl, istioctl), first on PATH.
  const tools = (await loadAllRecipes()).filter((recipe) => recipe.role === 'tool');
  const dirs = tools.flatMap((recipe) => recipe.go.map((build) => goBuildDir(build)));
  env.PATH = [...dirs, env.PATH ?? ''].join(':');
} else {
  const engine = await dockerEngine();
  if (!engine.ok) {
    process.stdout.write('cluster labs: not run (no Docker engine)\n');
    process.exit(0);
  }
}

const reports = join(repoRoot, '.lab-artifacts', 'junit');
mkdirSync(reports, { recursive: true });
let failed = 0;
for (const id of ids) {
  const result = spawnSync(
    process.execPath,
    [
      'scripts/lab.ts',
      'run',
      id,
      '--record',
      '--exercises',
      '--junit',
      join(reports, `${id}.xml`),
      ...(sourceBuilt ? ['--node-image', PLATFORM.sourceBuiltNodeImage] : []),
    ],
    { cwd: repoRoot, stdio: 'inherit', env },
  );
  if (result.status !== 0) failed += 1;
}
process.stdout.write(`cluster labs: ${ids.length - failed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
