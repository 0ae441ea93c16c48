/**
 * The Istio release the three Istio labs pin, and where the source-built platform takes it from.
 * Istio 1.31 supports Kubernetes 1.32–1.36 (its release notes), so it runs on the pinned kind node
 * image v1.36.4. Every manifest, image and install file of the Istio labs reads its version here.
 */
export const ISTIO = {
  /** The release a learner installs: istioctl and the images docker.io/istio/{pilot,proxyv2}. */
  release: '1.31.0',
  /** The lowest istioctl the labs were written for (the doctor checks it). */
  minIstioctl: '1.31.0',
  hub: 'docker.io/istio',
  /**
   * The istio.io/istio module version the source-built platform compiles istioctl and pilot-discovery
   * from: the Go module proxy serves Istio only as pseudo-versions (its tags carry no "v"), and this one
   * is the newest it serves, a commit of 2026-08-27 whose VERSION file says 1.31.
   */
  module: 'istio.io/istio',
  moduleVersion: 'v0.0.0-20260827124520-eed52ebb66ad',
  /** The Gateway API release that Istio 1.31's go.mod requires, for the HTTPRoute alternative. */
  gatewayApi: 'v1.6.0',
} as const;

export const PILOT_IMAGE = `${ISTIO.hub}/pilot:${ISTIO.release}`;
export const PROXY_IMAGE = `${ISTIO.hub}/proxyv2:${ISTIO.release}`;

/** What a step or check that needs a running Envoy declares (see `needs` in labs/kit/schema.ts). */
export const PROXY_NEED = { image: PROXY_IMAGE };
