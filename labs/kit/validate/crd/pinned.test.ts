import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { celRuleCount } from './crds.ts';
import { validateCustomObject } from './custom-objects.ts';
import { goModuleDir } from './go-modules.ts';
import { CRD_SOURCES, pinnedCrds, pinnedCrdsOrigin, RUN_CACHE_ENV } from './pinned.ts';

// These read the real CRDs of the pinned Istio module and Gateway API release from the Go module cache
// (downloaded through the Go module proxy when absent). Without Go or the proxy they fail, never skip.

const virtualService = (http: unknown) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'shop' },
  spec: { hosts: ['reviews'], http },
});

describe('the pinned CRDs', () => {
  test('come from the pinned modules and cover the kinds the labs use', () => {
    const index = pinnedCrds();
    for (const kind of [
      'networking.istio.io/v1/VirtualService',
      'networking.istio.io/v1/DestinationRule',
      'networking.istio.io/v1/Gateway',
      'security.istio.io/v1/PeerAuthentication',
      'security.istio.io/v1/AuthorizationPolicy',
      'telemetry.istio.io/v1/Telemetry',
      'gateway.networking.k8s.io/v1/Gateway',
      'gateway.networking.k8s.io/v1/HTTPRoute',
    ]) {
      expect(index.versions.has(kind), kind).toBe(true);
    }
    expect(
      existsSync(join(goModuleDir(CRD_SOURCES.istio.module, CRD_SOURCES.istio.version), CRD_SOURCES.istio.file)),
    ).toBe(true);
    // The release's own CEL rules: what an offline proof leaves to the API server.
    expect(celRuleCount(index)).toBeGreaterThan(100);
  });

  test('accept a valid VirtualService and refuse a typo, a wrong type and two match kinds at once', () => {
    const index = pinnedCrds();
    const good = virtualService([{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 }] }]);
    expect(validateCustomObject(index, good).problems).toEqual([]);
    const bad = virtualService([
      {
        match: [{ uri: { exact: '/a', prefix: '/' } }],
        route: [{ destination: { host: 'reviews', subset: 'v1' }, wieght: 100 }],
        retries: { attempts: 'three' },
      },
    ]);
    expect(validateCustomObject(index, bad).problems).toEqual([
      'spec.http[0].match[0].uri: Invalid value: must validate one and only one schema (oneOf), matched 2; at most one of exact, prefix, regex may be set',
      'spec.http[0].route[0].wieght: field not declared in schema',
      'spec.http[0].retries.attempts: Invalid value: "string": spec.http[0].retries.attempts in body must be of type integer',
    ]);
  });

  test('refuse a negative HTTPRoute weight and an unknown kind or version, and count the CEL rules they reach', () => {
    const index = pinnedCrds();
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'frontend', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'frontend', port: 80, weight: -1 }] }] },
    };
    const result = validateCustomObject(index, route);
    expect(result.problems).toEqual([
      'spec.rules[0].backendRefs[0].weight: Invalid value: -1: should be greater than or equal to 0',
    ]);
    expect(result.celRules.length).toBeGreaterThan(0);
    expect(
      validateCustomObject(index, { ...route, apiVersion: 'gateway.networking.k8s.io/v1alpha9' }).problems[0],
    ).toMatch(/not a served version of the pinned CRDs: HTTPRoute is served as gateway\.networking\.k8s\.io\/v1/);
    expect(validateCustomObject(index, { ...route, kind: 'HTTPRoot' }).problems[0]).toMatch(/have no kind HTTPRoot/);
    expect(validateCustomObject(index, { ...route, metadata: { name: 'Frontend', labelz: {} } }).problems).toEqual([
      'metadata.labelz: field not declared in schema',
      'metadata.name: Invalid value: "Frontend": a lowercase RFC 1123 subdomain',
      'spec.rules[0].backendRefs[0].weight: Invalid value: -1: should be greater than or equal to 0',
    ]);
  });

  test('are parsed once per test run: this file reads the run cache the global setup wrote', () => {
    pinnedCrds();
    expect(process.env[RUN_CACHE_ENV]).toMatch(/index\.json$/);
    expect(pinnedCrdsOrigin).toBe('run cache');
  });

  test('fail with a clear message when Go is missing or the module cannot be downloaded', () => {
    const path = process.env.PATH;
    const empty = mkdtempSync(join(tmpdir(), 'no-go-'));
    onTestFinished(() => {
      process.env.PATH = path;
      rmSync(empty, { recursive: true, force: true });
    });
    process.env.PATH = empty;
    expect(() => goModuleDir('istio.io/istio', 'v0.0.0-20000101000000-000000000000')).toThrow(
      /the Go toolchain is not on PATH.*install Go/,
    );
    process.env.PATH = path;
    const proxy = process.env.GOPROXY;
    process.env.GOPROXY = 'off';
    onTestFinished(() => {
      if (proxy === undefined) delete process.env.GOPROXY;
      else process.env.GOPROXY = proxy;
    });
    expect(() => goModuleDir('istio.io/istio', 'v0.0.0-20000101000000-000000000000')).toThrow(
      /go mod download istio\.io\/istio@v0\.0\.0-20000101000000-000000000000 failed .*check GOPROXY/,
    );
  });
});
