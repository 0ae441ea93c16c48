import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'victoria-logs',
  summary: 'VictoriaLogs v1.52.1 (single-node server) from its Go module, on an empty base',
  role: 'workload',
  images: ['docker.io/victoriametrics/victoria-logs:v1.52.1'],
  standIn: {
    upstream: 'docker.io/victoriametrics/victoria-logs:v1.52.1',
    differences:
      "the same release built from its module without cgo (upstream's amd64 build links the C zstd library; this one uses the pure-Go zstd, as upstream's -pure builds do), on an empty base instead of distroless/static; the binary sits where upstream puts it, /victoria-logs-prod",
  },
  go: [
    {
      id: 'victoria-logs',
      module: 'github.com/VictoriaMetrics/VictoriaLogs',
      version: 'v1.52.1',
      packages: ['app/victoria-logs=victoria-logs-prod'],
      ldflags: ['-X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-logs-v1.52.1-fieldlab'],
    },
  ],
  script: 'build.sh',
});
