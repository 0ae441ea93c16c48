import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readState } from './build-cache.ts';
import { platformFlag } from './bundle.ts';
import { type Engine, imageId } from './engine.ts';
import type { Cluster } from './kind.ts';
import { privateDir, workRoot } from './paths.ts';
import { loadAllRecipes, normalizeImage, recipeFor, sourcesOf } from './recipes.ts';
import { childEnv, type ShResult, sh, shellQuote } from './sh.ts';

/** Where one image of a run came from, as the transcript records it. */
export interface ImageSource {
  image: string;
  /** upstream: pulled by the node; stand-in: built here from a recipe; local: loaded from the engine, not ours. */
  origin: 'upstream' | 'stand-in' | 'local';
  /** For a stand-in: the recipe and what it was built from. */
  builtFrom?: string;
  differences?: string;
}

/**
 * Loads every image of the lab that the engine holds into the cluster's node (`kind load`), so a
 * machine without a registry runs the lab, and says where each image came from. Images the engine
 * does not hold are left to the node to pull from their registry.
 */
export async function loadLabImages(
  images: readonly string[],
  cluster: Cluster,
  engine: Engine,
  log: (line: string) => void,
): Promise<ImageSource[]> {
  const recipes = await loadAllRecipes();
  const state = readState();
  const sources: ImageSource[] = [];
  for (const image of images) {
    const ref = normalizeImage(image);
    const id = await imageId(engine.name, ref);
    if (id === undefined) {
      sources.push({ image, origin: 'upstream' });
      continue;
    }
    const loaded = await loadImage(ref, cluster, engine);
    if (loaded.exitCode !== 0) {
      log(`could not load ${image} into ${cluster.name}: ${loaded.stderr.trim().split('\n').at(-1) ?? ''}`);
      sources.push({ image, origin: 'upstream' });
      continue;
    }
    const recipe = recipeFor(recipes, image);
    if (recipe && state.images[ref]?.id === id) {
      sources.push({
        image,
        origin: 'stand-in',
        builtFrom: `labs/images/${recipe.name} (${sourcesOf(recipe)})`,
        ...(recipe.standIn ? { differences: recipe.standIn.differences } : {}),
      });
      log(`loaded ${image} (stand-in built from labs/images/${recipe.name})`);
    } else {
      sources.push({ image, origin: 'local' });
      log(`loaded ${image} from the local ${engine.name} images`);
    }
  }
  return sources;
}

/**
 * `kind load docker-image` saves every platform of an image, which Docker's containerd image store cannot
 * do for content it never pulled (kind issue 3795). With Docker 28+ the kit saves this platform only and
 * hands kind the archive; podman and older Docker (classic store only) take kind's own way.
 */
async function loadImage(ref: string, cluster: Cluster, engine: Engine): Promise<ShResult> {
  const options = { cwd: process.cwd(), env: childEnv(cluster.kubeconfig), timeoutMs: 10 * 60_000 };
  const platform = engine.name === 'docker' ? await platformFlag('docker') : '';
  if (platform === '')
    return sh(`kind load docker-image ${shellQuote(ref)} --name ${shellQuote(cluster.name)}`, options);
  privateDir(workRoot());
  const dir = mkdtempSync(join(workRoot(), 'image-'));
  const archive = join(dir, 'image.tar');
  try {
    return await sh(
      `docker save${platform} -o ${shellQuote(archive)} ${shellQuote(ref)}\nkind load image-archive ${shellQuote(archive)} --name ${shellQuote(cluster.name)}`,
      options,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
