import { defineRecipe } from '../../kit/recipes.ts';

/**
 * The node image every lab runs on when the platform is built from source. Its name says so:
 * nobody should mistake it for the upstream kindest/node:v1.36.4.
 */
export const recipe = defineRecipe({
  name: 'node',
  summary:
    'the kind node image, assembled as kind builds it: Kubernetes binaries, /kind/version, default manifests, component images',
  role: 'node',
  images: ['docker.io/kindest/node:v1.36.4-fieldlab-source'],
  standIn: {
    upstream: 'kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed',
    differences:
      'every part built from source here: see the base, control-plane, kube-proxy, etcd, coredns, pause, kindnet and local-path recipes',
  },
  uses: [
    'kubernetes',
    'base',
    'control-plane',
    'kube-proxy',
    'etcd',
    'coredns',
    'pause',
    'kindnet',
    'local-path-provisioner',
    'local-path-helper',
  ],
  script: 'build.sh',
});
