import { defineRecipe } from '../../kit/recipes.ts';

/**
 * kind v0.33.0 builds its provisioner from rancher/local-path-provisioner v0.0.34. The Go module
 * proxy refuses v0.0.31 to v0.0.34 (v0.0.33 fails checksum-database verification), so this is
 * the newest release it serves verified. kind's storage manifest (default class `standard`,
 * WaitForFirstConsumer, Delete, /var/local-path-provisioner) is unchanged: it lives in the node.
 */
export const recipe = defineRecipe({
  name: 'local-path-provisioner',
  summary: "the provisioner behind kind's default StorageClass, from rancher/local-path-provisioner's Go module",
  role: 'component',
  images: ['docker.io/kindest/local-path-provisioner:v20260820-69b56db7'],
  standIn: {
    upstream: 'docker.io/kindest/local-path-provisioner:v20260820-69b56db7',
    differences:
      'rancher/local-path-provisioner v0.0.30 instead of v0.0.34 (the newest the Go module proxy serves verified)',
  },
  go: [
    {
      id: 'local-path-provisioner',
      module: 'github.com/rancher/local-path-provisioner',
      version: 'v0.0.30',
      packages: ['.'],
      ldflags: ['-X main.VERSION=v0.0.30'],
    },
  ],
  script: 'build.sh',
});
