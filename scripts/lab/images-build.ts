import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, sizeOf } from '../../labs/kit/build-cache.ts';
import { findEngine } from '../../labs/kit/engine.ts';
import { UserError } from '../../labs/kit/errors.ts';
import { binariesOf } from '../../labs/kit/go-build.ts';
import { repoRoot } from '../../labs/kit/paths.ts';
import { imagesDir, loadAllRecipes, recipeFor } from '../../labs/kit/recipes.ts';
import { loadAllLabs, loadLab } from '../../labs/kit/registry.ts';
import { childEnv, sh, shellQuote } from '../../labs/kit/sh.ts';
import { buildPlatform, summaryHeader, summaryRow, summaryTotals } from '../../labs/kit/source-build.ts';

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
    // Outside labs/images/lib, whose contents are part of every image's cache key.
    const dns = await sh(`bash ${shellQuote(join(repoRoot, 'scripts', 'host-podman-dns.sh'))}`, {
      cwd: process.cwd(),
      env: childEnv(undefined),
      timeoutMs: 10 * 60_000,
    });
    if (dns.exitCode !== 0)
      throw new UserError(`podman network DNS setup failed: ${dns.stderr.trim().split('\n').at(-1) ?? ''}`);
    for (const line of dns.stdout.split('\n').filter((text) => text.trim() !== '')) process.stdout.write(`  ${line}\n`);
  }
}

/**
 * Which recipes a set of labs needs: kind, Kubernetes and the node, the tool recipes that build a
 * tool the labs name (istioctl), and the recipe of each image they use.
 */
async function wantedRecipes(ids: string[]): Promise<{ names: string[]; noRecipe: string[] }> {
  const recipes = await loadAllRecipes();
  if (ids.length === 0) {
    const labs = await loadAllLabs();
    const noRecipe = [...new Set(labs.flatMap((lab) => lab.images))].filter((ref) => !recipeFor(recipes, ref));
    return { names: recipes.map((recipe) => recipe.name), noRecipe };
  }
  const labs = await Promise.all(ids.map((id) => loadLab(id)));
  const names = new Set(['kind', 'kubernetes', 'node']);
  const tools = new Set<string>(labs.flatMap((lab) => lab.tools.map((tool) => tool.name)));
  for (const recipe of recipes) {
    const binaries = recipe.go.flatMap((build) => binariesOf(build).map((binary) => binary.name));
    if (recipe.role === 'tool' && binaries.some((binary) => tools.has(binary))) names.add(recipe.name);
  }
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
  out(summaryHeader());
  const began = Date.now();
  const built = await buildPlatform({
    recipes: names,
    engine: engine.name,
    log: (line) => out(`  … ${line}`),
    onBuilt: (item) => out(summaryRow(item)),
  });
  const total = Date.now() - began;
  const cacheBytes = sizeOf(cacheRoot());
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ engine, cache: cacheRoot(), cacheBytes, durationMs: total, built, noRecipe }, null, 2)}\n`,
    );
  } else {
    out('');
    out(summaryTotals(built, total, cacheBytes));
    for (const ref of noRecipe) out(`✘ no recipe  ${ref}: steps that need it are reported as not run`);
    out('Run a lab on it: npm run test:cluster -- --source-built <lab>');
  }
  return 0;
}
