import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'prometheus',
  summary: 'Prometheus and promtool v3.13.3 from the Prometheus Go module (go.mod here), on a busybox base as upstream',
  role: 'workload',
  images: ['docker.io/prom/prometheus:v3.13.3'],
  standIn: {
    upstream: 'docker.io/prom/prometheus:v3.13.3',
    differences:
      'built without the web UI assets (they need an npm build of their own): the HTTP API, /metrics and promtool are the same; busybox 1.35.0 from Debian as the base',
  },
  go: [
    {
      id: 'prometheus',
      module: 'github.com/prometheus/prometheus',
      version: 'v0.313.3',
      release: 'v3.13.3',
      packages: ['cmd/prometheus', 'cmd/promtool'],
      wrapper: true,
      ldflags: [
        '-X github.com/prometheus/common/version.Version=3.13.3',
        '-X github.com/prometheus/common/version.Branch=release-3.13',
        '-X github.com/prometheus/common/version.BuildUser=fieldlab',
      ],
    },
  ],
  debian: { suite: 'bookworm', packages: ['busybox-static'] },
  script: 'build.sh',
});
