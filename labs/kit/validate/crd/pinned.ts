import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ISTIO } from '../../../istio-setup/istio.ts';
import { addCrdFolder, addCrds, type CrdIndex, type CrdVersion, emptyIndex } from './crds.ts';
import { goModuleDir } from './go-modules.ts';

/** Where the pinned CRDs live inside their Go modules. */
export const CRD_SOURCES = {
  istio: { module: ISTIO.module, version: ISTIO.moduleVersion, file: 'manifests/charts/base/files/crd-all.gen.yaml' },
  gatewayApi: { module: 'sigs.k8s.io/gateway-api', version: ISTIO.gatewayApi, folder: 'config/crd/standard' },
} as const;

/**
 * A file of the parsed index that the unit tests' global setup (run-cache.ts) writes once per test run,
 * so that each test file (a module graph of its own) reads JSON instead of parsing 20,000 lines of YAML.
 */
export const RUN_CACHE_ENV = 'FIELDLAB_PINNED_CRDS';

interface Serialized {
  sources: string;
  versions: [string, CrdVersion][];
  kinds: string[];
  groups: string[];
}

export function serializeIndex(index: CrdIndex): string {
  const serialized: Serialized = {
    sources: JSON.stringify(CRD_SOURCES),
    versions: [...index.versions],
    kinds: [...index.kinds],
    groups: [...index.groups],
  };
  return JSON.stringify(serialized);
}

/** The run's parsed index, when there is one for these very sources. */
function fromRunCache(): CrdIndex | undefined {
  const file = process.env[RUN_CACHE_ENV];
  if (!file || !existsSync(file)) return undefined;
  const serialized = JSON.parse(readFileSync(file, 'utf8')) as Serialized;
  if (serialized.sources !== JSON.stringify(CRD_SOURCES)) return undefined;
  return {
    versions: new Map(serialized.versions),
    kinds: new Set(serialized.kinds),
    groups: new Set(serialized.groups),
  };
}

let cached: CrdIndex | undefined;
/** Where this process got the index from: parsed here, or the test run's cache. */
export let pinnedCrdsOrigin: 'parsed' | 'run cache' | undefined;

/**
 * The CRDs of the pinned Istio module and the pinned Gateway API release (standard channel), read from
 * the Go module cache once per process (or once per test run, see RUN_CACHE_ENV). Throws (see
 * goModuleDir) when they cannot be had.
 */
export function pinnedCrds(): CrdIndex {
  if (cached) return cached;
  const shared = fromRunCache();
  if (shared) {
    pinnedCrdsOrigin = 'run cache';
    cached = shared;
    return shared;
  }
  const index = emptyIndex();
  const { istio, gatewayApi } = CRD_SOURCES;
  const istioFile = join(goModuleDir(istio.module, istio.version), istio.file);
  const fromIstio = addCrds(index, readFileSync(istioFile, 'utf8'), `${istio.module}@${istio.version}/${istio.file}`);
  const gatewayDir = join(goModuleDir(gatewayApi.module, gatewayApi.version), gatewayApi.folder);
  const fromGateway = addCrdFolder(
    index,
    gatewayDir,
    `${gatewayApi.module}@${gatewayApi.version}/${gatewayApi.folder}`,
  );
  if (fromIstio === 0 || fromGateway === 0) {
    throw new Error(`no CRD versions found in ${istioFile} (${fromIstio}) or ${gatewayDir} (${fromGateway})`);
  }
  cached = index;
  pinnedCrdsOrigin = 'parsed';
  return index;
}

/** Whether an apiVersion belongs to a group the pinned CRDs define (or install.istio.io, checked apart). */
export function isMeshApiVersion(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
  return /\.istio\.io$/.test(group) || group === 'gateway.networking.k8s.io';
}
