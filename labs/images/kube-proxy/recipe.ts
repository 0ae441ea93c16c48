import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'kube-proxy',
  summary: 'the kube-proxy image: the binary on the base image, with an iptables backend chooser',
  role: 'component',
  images: ['registry.k8s.io/kube-proxy:v1.36.4'],
  standIn: {
    upstream: 'registry.k8s.io/kube-proxy:v1.36.4',
    differences:
      "the same binary from the same module version, on our Debian bookworm base instead of distroless-iptables; iptables backend chosen by our own wrapper, as upstream's iptables-wrappers does",
  },
  uses: ['kubernetes', 'base'],
  script: 'build.sh',
});
