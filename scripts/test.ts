import { join } from 'node:path';
import { formatDuration } from '../labs/kit/duration.ts';
import { repoRoot } from '../labs/kit/paths.ts';
import { loadAllLabs } from '../labs/kit/registry.ts';
import { newestPassing, staleSteps } from '../labs/kit/stale.ts';
import { isRoot, ROOT_ONLY_PROOFS } from '../labs/kit/testing/root.ts';
import { dockerEngine } from '../labs/kit/tools.ts';
import { readTranscripts } from '../labs/kit/transcript.ts';
import { runStages, type Stage } from './stages.ts';

/**
 * `npm test`: everything that needs no cluster, proven with real tools, in
 * stages; then a plain statement of what did not run.
 */
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
const node = process.execPath;

async function stages(): Promise<Stage[]> {
  const list: Stage[] = [
    { name: 'lint and format (biome)', command: [bin('biome'), 'ci', '.'] },
    // astro sync writes .astro/types.d.ts (astro:content, import.meta.glob), which a fresh clone lacks.
    { name: 'astro sync (types for astro: modules)', command: [node, bin('astro'), 'sync'] },
    { name: 'types (tsc)', command: [bin('tsc'), '--noEmit'] },
    { name: 'labs and pages (validate)', command: [node, 'scripts/validate.ts'] },
    { name: 'unit tests (vitest)', command: [node, bin('vitest'), 'run', '--project', 'unit'] },
  ];
  for (const lab of await loadAllLabs()) {
    if (!lab.steps.some((step) => step.where === 'host')) continue;
    list.push({
      name: `host steps of ${lab.id}, for real`,
      command: [node, 'scripts/lab.ts', 'run', lab.id, '--only', 'host'],
      ownState: true,
    });
  }
  list.push(
    // The build fails this stage when it prints a warning (scripts/build-check.ts).
    { name: 'site build (astro), no warning', command: [node, 'scripts/build-site.ts'] },
    { name: 'built site and browser tests (vitest)', command: [node, bin('vitest'), 'run', '--project', 'site'] },
  );
  return list;
}

const results = await runStages(await stages(), {
  cwd: repoRoot,
  announce: (stage) => process.stdout.write(`\n━━ ${stage.name} ━━\n`),
});

const engine = await dockerEngine();
const width = Math.max(...results.map((result) => result.name.length));
process.stdout.write('\n━━ summary ━━\n');
for (const result of results) {
  process.stdout.write(`${result.ok ? '✔' : '✘'} ${result.name.padEnd(width)}  ${formatDuration(result.ms)}\n`);
}
process.stdout.write(
  engine.ok
    ? '– cluster labs: not run by npm test; run them with "npm run test:cluster" (Docker engine found)\n'
    : '– cluster labs: not run (no Docker engine)\n',
);
if (!isRoot) {
  process.stdout.write(
    `– proofs that need root: not run (this user is not root; CI runs them as root):\n${ROOT_ONLY_PROOFS.map((proof) => `    ${proof}\n`).join('')}`,
  );
}
// Staleness never fails the suite: the page says so for those steps, and this line says it here.
for (const lab of await loadAllLabs()) {
  const newest = newestPassing(readTranscripts(lab.id));
  if (!newest) {
    process.stdout.write(`– ${lab.id}: no passing recording on a cluster yet\n`);
    continue;
  }
  const stale = staleSteps(lab, newest);
  process.stdout.write(
    stale.length === 0
      ? `– ${lab.id}: recording of ${newest.startedAt.slice(0, 10)} matches every step\n`
      : `– ${lab.id}: recording of ${newest.startedAt.slice(0, 10)} is stale for ${stale.length} step(s): ${stale.map((item) => `${item.step} (${item.why})`).join(', ')}\n`,
  );
}
const failed = results.filter((result) => !result.ok).length;
process.stdout.write(`stages: ${results.length - failed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
