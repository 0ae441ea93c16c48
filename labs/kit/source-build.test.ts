import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { PROXY_IMAGE } from '../istio-setup/istio.ts';
import { type Built, buildPlatform, buildSeconds, summaryHeader, summaryRow, summaryTotals } from './source-build.ts';

const built: Built = {
  recipe: 'istio-pilot',
  what: 'docker.io/istio/pilot:1.31.0',
  version: '1.31.0',
  source: 'go: istio.io/istio@v0.0.0-20260827124520-eed52ebb66ad',
  result: 'built',
  durationMs: 95_000,
  bytes: 90 * 1024 ** 2,
};
const reused: Built = { ...built, recipe: 'istioctl', what: 'istioctl (1 binary)', result: 'reused', durationMs: 0 };
const cannot: Built = {
  recipe: 'istio-proxyv2',
  what: 'docker.io/istio/proxyv2:1.31.0',
  version: '1.31.0',
  source: 'docker.io/istio/proxyv2:1.31.0',
  result: 'cannot build',
  durationMs: 0,
  bytes: 0,
  reason: 'Envoy is C++ built with Bazel.',
};

describe('the summary of images build', () => {
  test('a built or reused component shows its time, size and source, under the header’s columns', () => {
    const row = summaryRow(built);
    expect(row).toMatch(
      /^✔ built {9}istio-pilot {12}docker\.io\/istio\/pilot:1\.31\.0 +1\.31\.0 +1m35s +90 MiB {2}go: istio\.io/,
    );
    expect(summaryRow(reused)).toMatch(/^✔ reused {8}istioctl /);
    const header = summaryHeader();
    expect(header.indexOf('recipe')).toBe(row.indexOf('istio-pilot'));
    expect(header.indexOf('source')).toBe(row.indexOf('go: '));
  });

  test('a recipe whose images cannot be built is listed as "cannot build" with the reason, neither built nor skipped', () => {
    const row = summaryRow(cannot);
    expect(row).toMatch(/^✘ cannot build {2}istio-proxyv2 +docker\.io\/istio\/proxyv2:1\.31\.0 +1\.31\.0 +— +— {2}/);
    expect(row.endsWith('not built: Envoy is C++ built with Bazel.')).toBe(true);
    expect(row.indexOf('not built:')).toBe(summaryHeader().indexOf('source'));
  });

  test('the totals count what cannot be built apart from what was built or reused', () => {
    expect(summaryTotals([built, reused, cannot], 125_000, 3 * 1024 ** 3)).toBe(
      '3 components: 1 built, 1 reused, 1 cannot be built, in 2m05s; cache 3.0 GiB',
    );
    expect(summaryTotals([built, reused], 4_000, 5 * 1024 ** 2)).toBe(
      '2 components: 1 built, 1 reused, in 4s; cache 5 MiB',
    );
    expect(buildSeconds(59_400)).toBe('59s');
  });
});

describe('building a recipe that cannot build its images', () => {
  test('reports it as "cannot build" with its reason, and neither fails nor runs anything for it', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'cache-'));
    const outer = process.env.FIELDLAB_CACHE;
    process.env.FIELDLAB_CACHE = cache;
    onTestFinished(() => {
      if (outer === undefined) delete process.env.FIELDLAB_CACHE;
      else process.env.FIELDLAB_CACHE = outer;
      rmSync(cache, { recursive: true, force: true });
    });
    const logged: string[] = [];
    // An engine that does not exist: reaching it would fail the build.
    const done = await buildPlatform({
      recipes: ['istio-proxyv2'],
      engine: 'podman-not-installed' as 'podman',
      log: (line) => logged.push(line),
    });
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ recipe: 'istio-proxyv2', what: PROXY_IMAGE, result: 'cannot build', bytes: 0 });
    expect(done[0]?.reason).toMatch(/Envoy.*Bazel/);
    expect(logged).toEqual([]);
  });
});
