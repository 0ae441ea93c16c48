import { defineRecipe } from '../../kit/recipes.ts';

/**
 * kubeadm v1.36.4 names pause 3.10.2; kind's containerd config pins its sandbox image to 3.10, and
 * kind's node builder puts that one in the node instead. Both tags are the same binary here.
 */
export const recipe = defineRecipe({
  name: 'pause',
  summary: 'the pause container, compiled with gcc from build/pause/linux/pause.c in the k8s.io/kubernetes module',
  role: 'component',
  images: ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10.2'],
  standIn: {
    upstream: 'registry.k8s.io/pause:3.10',
    differences:
      'the pause.c of Kubernetes v1.36.4, linked statically with Debian glibc instead of upstream toolchains',
  },
  debian: { suite: 'bookworm', packages: ['gcc', 'libc6-dev'] },
  uses: ['kubernetes'],
  script: 'build.sh',
});
