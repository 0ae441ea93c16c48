import { join } from 'node:path';
import { UserError } from '../labs/kit/errors.ts';
import { repoRoot } from '../labs/kit/paths.ts';
import { loadAllLabs } from '../labs/kit/registry.ts';
import { validateLab } from '../labs/kit/validate/labs.ts';
import { meshSummary } from '../labs/kit/validate/mesh-lab.ts';
import { parityProblems, readPages, untestedShellBlocks } from '../labs/kit/validate/pages.ts';

/** Everything about labs and pages that needs no cluster and no build: schemas, images, exports, parity. */
async function main(): Promise<number> {
  const labs = await loadAllLabs();
  const problems: string[] = [];
  let manifests = 0;
  let kindConfigs = 0;
  const meshLines: string[] = [];
  for (const lab of labs) {
    const report = await validateLab(lab);
    manifests += report.manifests;
    kindConfigs += report.kindConfigs;
    problems.push(...report.problems.map((problem) => `${problem.file}: ${problem.message}`));
    if (report.mesh) meshLines.push(meshSummary(lab.id, report.mesh));
  }
  const pages = readPages(join(repoRoot, 'src', 'content', 'docs'));
  problems.push(...parityProblems(labs, pages));
  const untested = [...pages.en, ...pages.zh].reduce((sum, page) => sum + untestedShellBlocks(page.text), 0);
  for (const problem of problems) process.stdout.write(`✘ ${problem}\n`);
  for (const line of meshLines) process.stdout.write(`${line}\n`);
  process.stdout.write(
    `validate: ${labs.length} labs, ${manifests} manifest files, ${kindConfigs} kind configs, ${labs.length} bash exports shellchecked, ` +
      `${pages.en.length} English and ${pages.zh.length} Chinese pages, ${untested} hand-written shell blocks marked untested\n`,
  );
  process.stdout.write(problems.length === 0 ? 'validate: all good\n' : `validate: ${problems.length} problems\n`);
  return problems.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`validate: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exitCode = error instanceof UserError ? error.exitCode : 1;
}
