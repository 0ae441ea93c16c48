import type { ImageSource } from './lab-images.ts';
import { normalizeImage, type Recipe, recipeFor } from './recipes.ts';
import type { Need } from './schema.ts';

/** What a run's platform can give the steps beyond the cluster itself. */
export interface PlatformLimits {
  /** The source-built platform: no container registry, no download host (contract 6). */
  sourceBuilt: boolean;
  /**
   * Images the run loaded into the node from the engine (stand-ins or local images). Unknown (undefined)
   * for a kept cluster, whose stand-ins were loaded by the run that made it.
   */
  loaded?: ReadonlySet<string> | undefined;
  recipes: readonly Recipe[];
}

/** Everything is within reach: a platform with registries and downloads (a laptop, CI with a network). */
export const NO_LIMITS: PlatformLimits = { sourceBuilt: false, loaded: new Set(), recipes: [] };

export function platformLimits(
  sourceBuilt: boolean,
  images: readonly ImageSource[] | undefined,
  recipes: readonly Recipe[],
): PlatformLimits {
  const loaded =
    images === undefined
      ? undefined
      : new Set(images.filter((image) => image.origin !== 'upstream').map((image) => normalizeImage(image.image)));
  return { sourceBuilt, loaded, recipes };
}

const UNBUILDABLE_TAIL = ' running, which the source-built platform cannot build: ';
const DOWNLOAD_TAIL = ', and the source-built platform reaches no host but the package registries';

/**
 * What an unmet-need reason of a transcript says, for the page to say it in the reader's language: the
 * image the platform cannot build, or the host of a download. Undefined for any other reason.
 */
export function readUnmetReason(
  reason: string,
): { image: string; recipeReason: string } | { host: string } | undefined {
  const unbuildable = /^needs (\S+) running, which the source-built platform cannot build: /.exec(reason);
  if (unbuildable?.[1] !== undefined) {
    return { image: unbuildable[1], recipeReason: reason.slice(unbuildable[0].length) };
  }
  const download = /^needs a download from (\S+), and the source-built platform/.exec(reason);
  return download?.[1] !== undefined ? { host: download[1] } : undefined;
}

/** Why one need cannot be met on this platform, or undefined when it can. */
export function unmetNeed(need: Need, limits: PlatformLimits): string | undefined {
  if (!limits.sourceBuilt) return undefined;
  if ('download' in need) {
    const host = new URL(need.download).host;
    return `needs a download from ${host}${DOWNLOAD_TAIL}`;
  }
  if (limits.loaded?.has(normalizeImage(need.image))) return undefined;
  const recipe = recipeFor(limits.recipes, need.image);
  const reason = recipe?.cannotBuild;
  if (reason) return `needs ${need.image}${UNBUILDABLE_TAIL}${reason.en}`;
  if (recipe && limits.loaded === undefined) return undefined;
  return recipe
    ? `needs ${need.image}, which was not loaded into the cluster (run npm run lab -- images build)`
    : `needs ${need.image}, which has no recipe in labs/images and no registry to pull from here`;
}

/** The first unmet need of a list, as the reason the step or check did not run. */
export function unmetNeeds(needs: readonly Need[] | undefined, limits: PlatformLimits): string | undefined {
  for (const need of needs ?? []) {
    const reason = unmetNeed(need, limits);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
