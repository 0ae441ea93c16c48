/**
 * The one platform every lab runs on. A workshop reuses one cluster shape and
 * one image bundle for all labs, so these values change together, in one place.
 * Source: the kind v0.33.0 release notes list this image among those built for it.
 */
export const PLATFORM = {
  kind: { version: '0.33.0' },
  kubernetes: { version: '1.36.4' },
  nodeImage: 'kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed',
  /** The same platform built from source (`npm run lab -- images build`, labs/images/node). */
  sourceBuiltNodeImage: 'kindest/node:v1.36.4-fieldlab-source',
  /** kubectl may be one minor version newer or older than the API server. */
  kubectl: { minimum: '1.35.0' },
} as const;
