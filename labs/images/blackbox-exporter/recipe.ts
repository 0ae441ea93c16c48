import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'blackbox-exporter',
  summary: 'the Blackbox exporter v0.28.0 from its Go module, on a busybox base as upstream',
  role: 'workload',
  images: ['docker.io/prom/blackbox-exporter:v0.28.0'],
  standIn: {
    upstream: 'docker.io/prom/blackbox-exporter:v0.28.0',
    differences: 'the same release built from its module; busybox 1.35.0 from Debian as the base',
  },
  go: [
    {
      id: 'blackbox-exporter',
      module: 'github.com/prometheus/blackbox_exporter',
      version: 'v0.28.0',
      packages: ['.=blackbox_exporter'],
      wrapper: true,
      ldflags: [
        '-X github.com/prometheus/common/version.Version=0.28.0',
        '-X github.com/prometheus/common/version.BuildUser=fieldlab',
      ],
    },
  ],
  debian: { suite: 'bookworm', packages: ['busybox-static'] },
  script: 'build.sh',
});
