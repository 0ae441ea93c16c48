import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'kube-state-metrics',
  summary: 'kube-state-metrics v2.20.0 from its Go module',
  role: 'workload',
  images: ['registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0'],
  standIn: {
    upstream: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0',
    differences: 'the same release built from its module, on an empty base instead of distroless',
  },
  go: [
    {
      id: 'kube-state-metrics',
      module: 'k8s.io/kube-state-metrics/v2',
      version: 'v2.20.0',
      packages: ['.=kube-state-metrics'],
      wrapper: true,
      ldflags: [
        '-X github.com/prometheus/common/version.Version=v2.20.0',
        '-X github.com/prometheus/common/version.BuildUser=fieldlab',
      ],
    },
  ],
  script: 'build.sh',
});
