import { describe, expect, it, test } from 'vitest';
import { NO_LIMITS, platformLimits, readUnmetReason, unmetNeed, unmetNeeds } from './needs.ts';
import type { Recipe } from './recipes.ts';
import { Lab } from './schema.ts';

const proxy = 'docker.io/istio/proxyv2:1.31.0';
const pilot = 'docker.io/istio/pilot:1.31.0';
const recipes = [
  { name: 'istio-pilot', images: [pilot] },
  { name: 'istio-proxyv2', images: [proxy], cannotBuild: { en: 'Envoy is C++ built with Bazel', 'zh-cn': '…' } },
] as unknown as Recipe[];

describe('needs from outside the cluster', () => {
  it('are all met off the source-built platform, which has registries and downloads', () => {
    expect(unmetNeeds([{ image: proxy }, { download: 'https://github.com/x/y.yaml' }], NO_LIMITS)).toBeUndefined();
  });

  it('name the recipe reason for an image the source-built platform cannot build', () => {
    const limits = platformLimits(true, [{ image: pilot, origin: 'stand-in' }], recipes);
    expect(unmetNeed({ image: proxy }, limits)).toBe(
      `needs ${proxy} running, which the source-built platform cannot build: Envoy is C++ built with Bazel`,
    );
  });

  it('are met for an image the run loaded, in any spelling of its name', () => {
    const limits = platformLimits(true, [{ image: 'istio/pilot:1.31.0', origin: 'stand-in' }], recipes);
    expect(unmetNeed({ image: pilot }, limits)).toBeUndefined();
  });

  it('say when a buildable image was not loaded, and when an image has no recipe', () => {
    const limits = platformLimits(true, [{ image: pilot, origin: 'upstream' }], recipes);
    expect(unmetNeed({ image: pilot }, limits)).toMatch(/was not loaded into the cluster/);
    expect(unmetNeed({ image: 'quay.io/kiali/kiali:v2.20.0' }, limits)).toMatch(/has no recipe in labs\/images/);
  });

  it('refuse every download on the source-built platform, naming the host', () => {
    const limits = platformLimits(true, [], recipes);
    expect(unmetNeeds([{ download: 'https://github.com/a/b/releases/download/v1/x.yaml' }], limits)).toMatch(
      /^needs a download from github\.com,/,
    );
  });
});

describe('the lab schema', () => {
  const lab = {
    id: 'demo',
    title: { en: 'x', 'zh-cn': 'x' },
    summary: { en: 'x', 'zh-cn': 'x' },
    duration: 5,
    tools: [{ name: 'kubectl', min: '1.35.0' }],
    images: [pilot],
    steps: [
      {
        id: 'one',
        title: { en: 'x', 'zh-cn': 'x' },
        explain: { en: 'x', 'zh-cn': 'x' },
        run: ['true'],
        needs: [{ image: proxy }],
        checks: [{ type: 'command', run: 'true', expect: {}, proves: { en: 'x', 'zh-cn': 'x' } }],
      },
    ],
  };

  it('refuses a need for an image the lab does not list', () => {
    const parsed = Lab.safeParse(lab);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(`needs image "${proxy}", which is not in the lab's images`);
  });

  it('accepts it once the lab lists the image', () => {
    expect(Lab.safeParse({ ...lab, images: [pilot, proxy] }).success).toBe(true);
  });
});

describe('an unmet-need reason read back from a transcript', () => {
  const limits = platformLimits(true, [], recipes);

  test('names the image and the recipe reason, or the host of the download', () => {
    expect(readUnmetReason(unmetNeed({ image: proxy }, limits) ?? '')).toEqual({
      image: proxy,
      recipeReason: 'Envoy is C++ built with Bazel',
    });
    expect(readUnmetReason(unmetNeed({ download: 'https://github.com/a/b.yaml' }, limits) ?? '')).toEqual({
      host: 'github.com',
    });
  });

  test('is undefined for any other reason', () => {
    expect(readUnmetReason(unmetNeed({ image: 'quay.io/x/y:1' }, limits) ?? '')).toBeUndefined();
  });
});
