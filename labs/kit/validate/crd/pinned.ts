import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ISTIO } from '../../../istio-setup/istio.ts';
import { addCrdFolder, addCrds, type CrdIndex, emptyIndex } from './crds.ts';
import { goModuleDir } from './go-modules.ts';

/** Where the pinned CRDs live inside their Go modules. */
export const CRD_SOURCES = {
  istio: { module: ISTIO.module, version: ISTIO.moduleVersion, file: 'manifests/charts/base/files/crd-all.gen.yaml' },
  gatewayApi: { module: 'sigs.k8s.io/gateway-api', version: ISTIO.gatewayApi, folder: 'config/crd/standard' },
} as const;

let cached: CrdIndex | undefined;

/**
 * The CRDs of the pinned Istio module and the pinned Gateway API release (standard channel), read from
 * the Go module cache once per process. Throws (see goModuleDir) when they cannot be had.
 */
export function pinnedCrds(): CrdIndex {
  if (cached) return cached;
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
  return index;
}

/** Whether an apiVersion belongs to a group the pinned CRDs define (or install.istio.io, checked apart). */
export function isMeshApiVersion(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
  return /\.istio\.io$/.test(group) || group === 'gateway.networking.k8s.io';
}
