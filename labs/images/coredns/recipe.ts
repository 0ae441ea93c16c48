import { defineRecipe } from '../../kit/recipes.ts';

/** The version `kubeadm config images list --kubernetes-version v1.36.4` names. */
export const recipe = defineRecipe({
  name: 'coredns',
  summary: 'CoreDNS from its Go module, as the image kubeadm names',
  role: 'component',
  images: ['registry.k8s.io/coredns/coredns:v1.14.2'],
  standIn: {
    upstream: 'registry.k8s.io/coredns/coredns:v1.14.2',
    differences:
      'the same release built from its module with its default plugin set; no CA bundle (the cluster needs none offline)',
  },
  go: [{ id: 'coredns', module: 'github.com/coredns/coredns', version: 'v1.14.2', packages: ['.'] }],
  script: 'build.sh',
});
