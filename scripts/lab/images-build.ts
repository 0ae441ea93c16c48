import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, formatBytes, sizeOf } from '../../labs/kit/build-cache.ts';
import { findEngine } from '../../labs/kit/engine.ts';
import { UserError } from '../../labs/kit/errors.ts';
import { imagesDir, loadAllRecipes, recipeFor } from '../../labs/kit/recipes.ts';
import { loadAllLabs, loadLab } from '../../labs/kit/registry.ts';
import { childEnv, sh, shellQuote } from '../../labs/kit/sh.ts';
import { type Built, buildPlatform } from '../../labs/kit/source-build.ts';

function seconds(ms: number): string {
  return ms < 60_000
    ? `${Math.round(ms / 1000)}s`
    : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function row(built: Built): string {
  const mark = built.result === 'built' ? '✔ built ' : '✔ reused';
  return `${mark}  ${built.recipe.padEnd(22)} ${built.what.padEnd(58)} ${built.version.padEnd(20)} ${seconds(built.durationMs).padStart(7)} ${formatBytes(built.bytes).padStart(9)}  ${built.source}`;
}

async function prepareHost(): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  const go = await sh('go version', { cwd: process.cwd(), env: childEnv(undefined), timeoutMs: 30_000 });
  if (go.exitCode !== 0)
    throw new UserError('go not found on PATH: install Go 1.26 or newer (https://go.dev/dl/), then run again');
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    const setup = await sh(`bash ${shellQuote(join(imagesDir(), 'lib', 'host-setup.sh'))}`, {
      cwd: process.cwd(),
      env: childEnv(undefined),
      timeoutMs: 20 * 60_000,
    });
    if (setup.exitCode !== 0) throw new UserError(`host setup failed: ${setup.stderr.trim().split('\n').at(-1) ?? ''}`);
    for (const line of setup.stdout.split('\n').filter((text) => text.trim() !== ''))
      process.stdout.write(`  ${line}\n`);
  }
}

/** Which recipes a set of labs needs: the tools, the node and a stand-in for each image they use. */
async function wantedRecipes(ids: string[]): Promise<{ names: string[]; noRecipe: string[] }> {
  const recipes = await loadAllRecipes();
  if (ids.length === 0) {
    const labs = await loadAllLabs();
    const noRecipe = [...new Set(labs.flatMap((lab) => lab.images))].filter((ref) => !recipeFor(recipes, ref));
    return { names: recipes.map((recipe) => recipe.name), noRecipe };
  }
  const labs = await Promise.all(ids.map((id) => loadLab(id)));
  const names = new Set(['kind', 'kubernetes', 'node']);
  const noRecipe: string[] = [];
  for (const ref of new Set(labs.flatMap((lab) => lab.images))) {
    const recipe = recipeFor(recipes, ref);
    if (recipe) names.add(recipe.name);
    else noRecipe.push(ref);
  }
  return { names: [...names], noRecipe };
}

export async function buildImages(ids: string[], json: boolean): Promise<number> {
  await prepareHost();
  const probe = await findEngine({ anyAnswering: true });
  if (!probe.engine) throw new UserError(probe.fix);
  const engine = probe.engine;
  const { names, noRecipe } = await wantedRecipes(ids);
  const out = (line: string) => {
    if (!json) process.stdout.write(`${line}\n`);
  };
  out(`source-built platform: ${names.length} recipes, engine ${engine.name} ${engine.version}, cache ${cacheRoot()}`);
  out(
    `${'result'.padEnd(8)}  ${'recipe'.padEnd(22)} ${'what'.padEnd(58)} ${'version'.padEnd(20)} ${'time'.padStart(7)} ${'size'.padStart(9)}  source`,
  );
  const began = Date.now();
  const built = await buildPlatform({
    recipes: names,
    engine: engine.name,
    log: (line) => out(`  … ${line}`),
    onBuilt: (item) => out(row(item)),
  });
  const total = Date.now() - began;
  const cacheBytes = sizeOf(cacheRoot());
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ engine, cache: cacheRoot(), cacheBytes, durationMs: total, built, noRecipe }, null, 2)}\n`,
    );
  } else {
    const fresh = built.filter((item) => item.result === 'built').length;
    out('');
    out(
      `${built.length} components: ${fresh} built, ${built.length - fresh} reused, in ${seconds(total)}; cache ${formatBytes(cacheBytes)}`,
    );
    for (const ref of noRecipe) out(`✘ no recipe  ${ref}: steps that need it are reported as not run`);
    out('Run a lab on it: npm run test:cluster -- --source-built <lab>');
  }
  return 0;
}
