import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ISTIO, PILOT_IMAGE, PROXY_IMAGE } from '../istio-setup/istio.ts';
import { binariesOf, goBuildCommand, goInstallName } from './go-build.ts';
import { PLATFORM } from './platform.ts';
import {
  buildOrder,
  imagesDir,
  loadAllRecipes,
  normalizeImage,
  Recipe,
  recipeFor,
  unbuildableReason,
} from './recipes.ts';
import { loadAllLabs } from './registry.ts';

const recipes = await loadAllRecipes();
const byName = (name: string): Recipe => {
  const recipe = recipes.find((candidate) => candidate.name === name);
  if (!recipe) throw new Error(`no recipe ${name}`);
  return recipe;
};

describe('the recipes and the inventory agree', () => {
  test('every image a lab uses has a recipe that tags exactly that reference', async () => {
    const labs = await loadAllLabs();
    const images = [...new Set(labs.flatMap((lab) => lab.images))];
    expect(images.length).toBeGreaterThan(0);
    const without = images.filter((image) => !recipeFor(recipes, image));
    expect(without).toEqual([]);
  });

  test('no two recipes tag the same reference', () => {
    const refs = recipes.flatMap((recipe) => recipe.images.map(normalizeImage));
    expect(refs.length).toBe(new Set(refs).size);
  });

  test('every image a lab uses is a stand-in recipe that says how it differs from upstream, or why it cannot be built', async () => {
    const labs = await loadAllLabs();
    for (const image of new Set(labs.flatMap((lab) => lab.images))) {
      const recipe = recipeFor(recipes, image);
      expect(recipe?.role, image).toBe('workload');
      const explained = recipe?.cannotBuild?.en ?? recipe?.standIn?.differences ?? '';
      expect(explained.length, image).toBeGreaterThan(20);
    }
  });

  test('every recipe with images it builds has an executable build script, and every used recipe exists', () => {
    for (const recipe of recipes) {
      if (recipe.images.length > 0 && !recipe.cannotBuild) {
        const script = join(imagesDir(), recipe.name, recipe.script ?? 'missing');
        expect(statSync(script).mode & 0o111, script).not.toBe(0);
      }
      for (const used of recipe.uses)
        expect(
          recipes.map((other) => other.name),
          recipe.name,
        ).toContain(used);
    }
  });

  test('the node recipe builds the source-built node image, and names the upstream one it stands in for', () => {
    const node = byName('node');
    expect(node.images).toEqual([normalizeImage(PLATFORM.sourceBuiltNodeImage)]);
    expect(node.standIn?.upstream).toBe(PLATFORM.nodeImage);
    expect(PLATFORM.sourceBuiltNodeImage).toContain(`v${PLATFORM.kubernetes.version}-fieldlab-source`);
  });

  test('kind and Kubernetes are built at the versions PLATFORM pins', () => {
    expect(byName('kind').go[0]?.version).toBe(`v${PLATFORM.kind.version}`);
    expect(byName('kubernetes').go[0]?.version).toBe(`v${PLATFORM.kubernetes.version}`);
    for (const name of ['control-plane', 'kube-proxy']) {
      for (const image of byName(name).images) expect(image.endsWith(`:v${PLATFORM.kubernetes.version}`)).toBe(true);
    }
  });

  test('the Kubernetes wrapper module requires k8s.io/kubernetes at the pin and every staging module at its v0 twin', () => {
    const goMod = readFileSync(join(imagesDir(), 'kubernetes', 'go.mod'), 'utf8');
    const [, minor, patch] = PLATFORM.kubernetes.version.split('.');
    expect(goMod).toMatch(
      new RegExp(
        `^(require )?\\s*k8s\\.io/kubernetes v${PLATFORM.kubernetes.version.replaceAll('.', '\\.')}( // indirect)?$`,
        'm',
      ),
    );
    const replaces = [...goMod.matchAll(/^\t(k8s\.io\/[a-z0-9-]+) => (k8s\.io\/[a-z0-9-]+) (v\S+)$/gm)];
    expect(replaces.length).toBeGreaterThan(25);
    for (const [, from, to, version] of replaces) {
      expect(to).toBe(from);
      expect(version).toBe(`v0.${minor}.${patch}`);
    }
    const tools = [...goMod.matchAll(/^\tk8s\.io\/kubernetes\/cmd\/(\S+)$/gm)].map((match) => match[1]);
    expect(tools.sort()).toEqual(
      [
        'kube-apiserver',
        'kube-controller-manager',
        'kube-proxy',
        'kube-scheduler',
        'kubeadm',
        'kubectl',
        'kubelet',
      ].sort(),
    );
  });
});

describe('the recipe scripts', () => {
  test('every shell script under labs/images passes shellcheck', () => {
    const scripts = execFileSync(
      'find',
      [imagesDir(), '-type', 'f', '(', '-name', '*.sh', '-o', '-path', '*/files/usr/*bin/*', ')'],
      {
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter((line) => line !== '')
      .sort();
    expect(scripts.length).toBeGreaterThan(15);
    const result = spawnSync('shellcheck', ['--severity=style', ...scripts], { encoding: 'utf8' });
    expect(result.error, 'shellcheck must be installed (scripts/setup-test-tools.sh)').toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('build order and names', () => {
  test('a recipe comes after everything it uses, once', () => {
    const order = buildOrder(recipes, ['node']).map((recipe) => recipe.name);
    expect(new Set(order).size).toBe(order.length);
    for (const recipe of buildOrder(recipes, ['node'])) {
      for (const used of recipe.uses) expect(order.indexOf(used)).toBeLessThan(order.indexOf(recipe.name));
    }
    expect(order.at(-1)).toBe('node');
  });

  test('an unknown or circular use is a clear error', () => {
    const a = { ...byName('busybox'), name: 'a', uses: ['b'] };
    const b = { ...byName('busybox'), name: 'b', uses: ['a'] };
    expect(() => buildOrder([a, b], ['a'])).toThrow(/cycle through "a"/);
    expect(() => buildOrder([a], ['a'])).toThrow(/uses "b", which has no recipe/);
  });

  test('image references compare as containerd names them', () => {
    expect(normalizeImage('busybox:1.37.0')).toBe('docker.io/library/busybox:1.37.0');
    expect(normalizeImage('prom/prometheus:v3.13.3')).toBe('docker.io/prom/prometheus:v3.13.3');
    expect(normalizeImage('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10');
    expect(normalizeImage('kindest/node:v1.36.4@sha256:abc')).toBe('docker.io/kindest/node:v1.36.4');
    expect(normalizeImage('localhost/fieldlab/kind-base:x')).toBe('localhost/fieldlab/kind-base:x');
  });

  test('binaries are named as go install names them, or as renamed', () => {
    expect(goInstallName('go.etcd.io/etcd/server/v3')).toBe('server');
    expect(goInstallName('sigs.k8s.io/kind')).toBe('kind');
    const etcd = binariesOf(byName('etcd').go[0] as Recipe['go'][number]);
    expect(etcd).toEqual([
      { pkg: 'go.etcd.io/etcd/server/v3', name: 'etcd' },
      { pkg: 'go.etcd.io/etcd/etcdctl/v3', name: 'etcdctl' },
    ]);
    const containerd = binariesOf(byName('base').go[0] as Recipe['go'][number]);
    expect(containerd.map((binary) => binary.pkg)).toContain('github.com/containerd/containerd/v2/cmd/ctr');
  });

  test('go install carries the version, the tags and the version stamps; a wrapper builds in its folder', () => {
    const base = byName('base');
    const runc = base.go.find((build) => build.id === 'runc');
    if (!runc) throw new Error('no runc build');
    const command = goBuildCommand(runc, '/recipes/base', '/out');
    expect(command).toContain("GOBIN='/out' CGO_ENABLED=1");
    expect(command).toContain('github.com/opencontainers/runc@v1.4.3');
    expect(command).toContain("-tags 'seccomp urfave_cli_no_docs'");
    expect(command).toContain('-X main.version=1.4.3');
    const prometheus = byName('prometheus').go[0] as Recipe['go'][number];
    const wrapper = goBuildCommand(prometheus, '/recipes/prometheus', '/out');
    expect(wrapper).toContain("cd '/recipes/prometheus'");
    expect(wrapper).toContain("-o '/out/promtool' github.com/prometheus/prometheus/cmd/promtool");
    expect(wrapper).not.toContain('@v0.313.3');
  });
});

describe('images the platform cannot build', () => {
  const reason = { en: 'Envoy is built with Bazel.', 'zh-cn': 'Envoy 用 Bazel 构建。' };
  const named = { name: 'proxy', summary: 'a proxy', role: 'workload', images: ['example.org/proxy:1'] } as const;

  test('a recipe that cannot build its images names them and builds nothing: no go, no script, no Debian packages', () => {
    expect(Recipe.safeParse({ ...named, cannotBuild: reason }).success).toBe(true);
    const go = { id: 'proxy', module: 'example.org/proxy', version: 'v1.0.0', packages: ['.'] };
    const issues = (input: object) => {
      const parsed = Recipe.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(issues({ ...named, cannotBuild: reason, go: [go] })).toEqual([
      'go: a recipe with cannotBuild builds nothing: remove go',
    ]);
    expect(issues({ ...named, cannotBuild: reason, script: 'build.sh' })).toEqual([
      'script: a recipe with cannotBuild builds nothing: remove script',
    ]);
    expect(issues({ ...named, cannotBuild: reason, debian: { suite: 'bookworm', packages: ['envoy'] } })).toEqual([
      'debian: a recipe with cannotBuild builds nothing: remove debian',
    ]);
    expect(issues({ ...named, images: [], cannotBuild: reason })).toEqual([
      'images: a recipe with cannotBuild names its images',
    ]);
    expect(issues({ ...named, cannotBuild: { en: 'no Bazel here' } })).toHaveLength(1);
    expect(issues({ ...named, cannotBuild: { en: '', 'zh-cn': '' } })).toHaveLength(2);
  });

  test("Istio's proxy image cannot be built, and says why in both languages; its control plane image can", () => {
    const proxy = unbuildableReason(recipes, PROXY_IMAGE);
    expect(proxy?.en).toMatch(/Envoy.*Bazel/);
    expect(proxy?.['zh-cn']).toMatch(/Envoy.*Bazel/);
    expect(unbuildableReason(recipes, `istio/proxyv2:${ISTIO.release}`)).toEqual(proxy);
    expect(recipeFor(recipes, PROXY_IMAGE)?.name).toBe('istio-proxyv2');
    expect(unbuildableReason(recipes, PILOT_IMAGE)).toBeUndefined();
    expect(recipeFor(recipes, PILOT_IMAGE)?.go[0]?.packages).toEqual(['pilot/cmd/pilot-discovery']);
    expect(unbuildableReason(recipes, 'example.org/no-recipe:1')).toBeUndefined();
  });

  test('istioctl and pilot-discovery are stamped with the pinned release and the hub their manifests name', () => {
    for (const name of ['istioctl', 'istio-pilot']) {
      const build = byName(name).go[0];
      expect(build?.module).toBe('istio.io/istio');
      expect(build?.version).toBe(ISTIO.moduleVersion);
      expect(build?.ldflags).toContain(`-X istio.io/istio/pkg/version.buildVersion=${ISTIO.release}`);
      expect(build?.ldflags).toContain(`-X istio.io/istio/pkg/version.buildHub=${ISTIO.hub}`);
    }
    expect(byName('istioctl').role).toBe('tool');
    expect(byName('istio-pilot').images).toEqual([PILOT_IMAGE]);
  });

  test('no recipe the node is made of can be one that cannot build', () => {
    for (const recipe of buildOrder(recipes, ['node'])) expect(recipe.cannotBuild, recipe.name).toBeUndefined();
  });
});
