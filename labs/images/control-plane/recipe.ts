import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'control-plane',
  summary: 'kube-apiserver, kube-controller-manager and kube-scheduler images, tagged as kubeadm names them',
  role: 'component',
  images: [
    'registry.k8s.io/kube-apiserver:v1.36.4',
    'registry.k8s.io/kube-controller-manager:v1.36.4',
    'registry.k8s.io/kube-scheduler:v1.36.4',
  ],
  standIn: {
    upstream: 'registry.k8s.io/kube-apiserver:v1.36.4 (and the other two)',
    differences:
      'the same component built from the same module version, on an empty base instead of distroless with go-runner',
  },
  uses: ['kubernetes'],
  script: 'build.sh',
});
