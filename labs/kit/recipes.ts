import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from './deps.ts';
import { didYouMean, UserError } from './errors.ts';
import { foldersHolding, labsDir } from './paths.ts';
import { describeIssue } from './registry.ts';

/**
 * Go binaries built from a module at a pinned version. Without `wrapper`, `go install
 * PKG@VERSION` builds them with the module's own go.sum; with it, the recipe folder holds a
 * go.mod that requires the module (for modules whose go.mod has replace directives).
 */
export const GoBuild = z
  .object({
    /** @example "containerd" */
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** @example "github.com/containerd/containerd/v2" */
    module: z.string().min(1),
    /** The module version; @example "v2.3.4" */
    version: z.string().regex(/^v\d+\.\d+\.\d+/),
    /** The version the component calls itself, when the module's differs (Prometheus v3.13.3 is module v0.313.3). */
    release: z.string().optional(),
    /** Packages relative to the module root ("." for the root); each gives one binary. @example ["cmd/ctr"] */
    packages: z.array(z.string().min(1)).min(1),
    cgo: z.boolean().default(false),
    tags: z.array(z.string()).default([]),
    /** -X settings and the like, after "-s -w". */
    ldflags: z.array(z.string()).default([]),
    /** Build from the recipe folder's go.mod rather than with `go install PKG@VERSION`. */
    wrapper: z.boolean().default(false),
    /** A build script in the recipe folder instead (called with OUT and VERSION). */
    script: z.string().optional(),
  })
  .strict();
export type GoBuild = z.infer<typeof GoBuild>;

export const Recipe = z
  .object({
    /** The folder name under labs/images/. */
    name: z.string().regex(/^[a-z0-9-]+$/),
    /** One line: what this builds and from what. */
    summary: z.string().min(1),
    /** tool: binaries for the host; base/node: the kind images; component: images inside the node; workload: images labs use. */
    role: z.enum(['tool', 'base', 'component', 'node', 'workload']),
    /** Every image reference the recipe tags, exactly as manifests or kubeadm name them. */
    images: z.array(z.string()).default([]),
    /** What upstream image each tag stands in for, and how it differs. */
    standIn: z
      .object({
        upstream: z.string(),
        differences: z.string().min(1),
      })
      .optional(),
    go: z.array(GoBuild).default([]),
    /** Debian packages the recipe takes (name → what for), with the suite they come from. */
    debian: z.object({ suite: z.string(), packages: z.array(z.string()).min(1) }).optional(),
    /** Other recipes whose binaries or images this one needs. */
    uses: z.array(z.string()).default([]),
    /** The build script in the recipe folder; none for tool recipes. */
    script: z.string().optional(),
    /**
     * Why the platform cannot build the images this recipe lists, in both languages. Such a recipe
     * names the images (so that a lab's use of them is known) and builds nothing: no go, no script.
     */
    cannotBuild: z.object({ en: z.string().min(1), 'zh-cn': z.string().min(1) }).optional(),
  })
  .strict()
  .superRefine((recipe, context) => {
    if (recipe.cannotBuild === undefined) return;
    const builds = [
      ...(recipe.go.length > 0 ? ['go'] : []),
      ...(recipe.script !== undefined ? ['script'] : []),
      ...(recipe.debian !== undefined ? ['debian'] : []),
    ];
    for (const field of builds) {
      context.addIssue({
        code: 'custom',
        path: [field],
        message: `a recipe with cannotBuild builds nothing: remove ${field}`,
      });
    }
    if (recipe.images.length === 0) {
      context.addIssue({ code: 'custom', path: ['images'], message: 'a recipe with cannotBuild names its images' });
    }
  });
export type Recipe = z.infer<typeof Recipe>;
export type RecipeInput = z.input<typeof Recipe>;

/** Identity for recipe files: gives them the schema's type without a runtime dependency. */
export function defineRecipe(recipe: RecipeInput): RecipeInput {
  return recipe;
}

export function imagesDir(): string {
  return join(labsDir(), 'images');
}

export function listRecipeNames(): string[] {
  return foldersHolding(imagesDir(), 'recipe.ts');
}

export async function loadRecipe(name: string): Promise<Recipe> {
  const names = listRecipeNames();
  if (!names.includes(name)) {
    throw new UserError(didYouMean('image recipe', name, names));
  }
  const file = join(imagesDir(), name, 'recipe.ts');
  const module = (await import(pathToFileURL(file).href)) as { recipe?: unknown };
  const parsed = Recipe.safeParse(module.recipe);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UserError(`malformed image recipe ${file}: ${first ? describeIssue(first) : 'invalid'}`);
  }
  if (parsed.data.name !== name) {
    throw new UserError(`malformed image recipe ${file}: name "${parsed.data.name}" must equal its folder "${name}"`);
  }
  return parsed.data;
}

export async function loadAllRecipes(): Promise<Recipe[]> {
  return Promise.all(listRecipeNames().map((name) => loadRecipe(name)));
}

/** Recipes in build order: each after the recipes it uses. */
export function buildOrder(recipes: readonly Recipe[], wanted: readonly string[]): Recipe[] {
  const byName = new Map(recipes.map((recipe) => [recipe.name, recipe]));
  const order: Recipe[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, from: string) => {
    const recipe = byName.get(name);
    if (!recipe) throw new UserError(`image recipe ${from} uses "${name}", which has no recipe`);
    if (order.includes(recipe)) return;
    if (visiting.has(name)) throw new UserError(`image recipes use each other in a cycle through "${name}"`);
    visiting.add(name);
    for (const used of recipe.uses) visit(used, name);
    visiting.delete(name);
    order.push(recipe);
  };
  for (const name of wanted) visit(name, 'the request');
  return order;
}

/**
 * What a recipe builds from, in one line: module versions, Debian packages (the first `packages`
 * of them, when given), or the recipes it uses.
 */
export function sourcesOf(recipe: Recipe, packages = Number.POSITIVE_INFINITY): string {
  const debian = recipe.debian?.packages ?? [];
  const listed = debian.slice(0, packages).join(', ') + (debian.length > packages ? ', …' : '');
  const from = [
    ...recipe.go.map((build) => `${build.module}@${build.version}`),
    ...(recipe.debian ? [`debian ${recipe.debian.suite}: ${listed}`] : []),
  ];
  return from.length > 0 ? from.join('; ') : `recipes: ${recipe.uses.join(', ')}`;
}

/** The recipe that tags an image reference, if any. References compare in their normal form. */
export function recipeFor(recipes: readonly Recipe[], image: string): Recipe | undefined {
  const wanted = normalizeImage(image);
  return recipes.find((recipe) => recipe.images.some((ref) => normalizeImage(ref) === wanted));
}

/**
 * Why the platform cannot build an image, when a recipe names it with `cannotBuild`; undefined for
 * an image some recipe builds, and for one no recipe names.
 */
export function unbuildableReason(recipes: readonly Recipe[], image: string): Recipe['cannotBuild'] | undefined {
  return recipeFor(recipes, image)?.cannotBuild;
}

/** docker.io/library/busybox:1.37.0 for busybox:1.37.0, as containerd names images. */
export function normalizeImage(ref: string): string {
  const withoutDigest = ref.split('@')[0] ?? ref;
  const firstSlash = withoutDigest.indexOf('/');
  const first = firstSlash === -1 ? '' : withoutDigest.slice(0, firstSlash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (hasRegistry) return withoutDigest;
  return firstSlash === -1 ? `docker.io/library/${withoutDigest}` : `docker.io/${withoutDigest}`;
}
