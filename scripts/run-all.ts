import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../labs/kit/paths.ts';
import { listLabIds } from '../labs/kit/registry.ts';
import { dockerEngine } from '../labs/kit/tools.ts';

/**
 * The cluster tier, for a machine with Docker: every lab, in order, recorded.
 * Each run writes a transcript (the site's "verified" badge) and a JUnit report.
 */
const engine = await dockerEngine();
if (!engine.ok) {
  process.stdout.write('cluster labs: not run (no Docker engine)\n');
  process.exit(0);
}
const only = process.argv.slice(2);
const ids = only.length > 0 ? only : listLabIds();
const reports = join(repoRoot, '.lab-artifacts', 'junit');
mkdirSync(reports, { recursive: true });
let failed = 0;
for (const id of ids) {
  const result = spawnSync(
    process.execPath,
    ['scripts/lab.ts', 'run', id, '--record', '--junit', join(reports, `${id}.xml`)],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) failed += 1;
}
process.stdout.write(`cluster labs: ${ids.length - failed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
