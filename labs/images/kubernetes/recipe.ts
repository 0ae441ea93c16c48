import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'kubernetes',
  summary: 'kubeadm, kubelet, kubectl and the control-plane binaries, from the k8s.io/kubernetes module (go.mod here)',
  role: 'tool',
  go: [
    {
      id: 'kubernetes',
      module: 'k8s.io/kubernetes',
      version: 'v1.36.4',
      packages: [
        'cmd/kubeadm',
        'cmd/kubelet',
        'cmd/kubectl',
        'cmd/kube-apiserver',
        'cmd/kube-controller-manager',
        'cmd/kube-scheduler',
        'cmd/kube-proxy',
      ],
      wrapper: true,
      script: 'build.sh',
    },
  ],
});
