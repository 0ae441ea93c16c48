import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'otel-collector',
  summary:
    'the OpenTelemetry Collector v0.165.0 with the components the audit lab uses, from the wrapper module here (main.go, go.mod)',
  role: 'workload',
  images: ['docker.io/otel/opentelemetry-collector-k8s:0.165.0'],
  standIn: {
    upstream: 'docker.io/otel/opentelemetry-collector-k8s:0.165.0',
    differences:
      "the collector core v0.165.0 with four components instead of the k8s distribution's several dozen: the filelog receiver (contrib v0.165.0), the batch and memory_limiter processors and the otlphttp exporter; on an empty base without a CA bundle or a default configuration (the lab mounts its own); the binary and its command as upstream, /otelcol-k8s",
  },
  go: [
    {
      id: 'otel-collector',
      module: 'go.opentelemetry.io/collector/otelcol',
      version: 'v0.165.0',
      packages: ['fieldlab.local/images/otel-collector=otelcol-k8s'],
      wrapper: true,
      ldflags: ['-X main.version=0.165.0'],
    },
  ],
  script: 'build.sh',
});
