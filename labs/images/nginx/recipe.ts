import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'nginx',
  summary:
    "nginx from Debian's nginx-light package, laid out as the official image (conf.d, html root, logs to stdout)",
  role: 'workload',
  images: ['docker.io/library/nginx:1.30.4-alpine'],
  standIn: {
    upstream: 'docker.io/library/nginx:1.30.4-alpine',
    differences:
      "nginx 1.22.1 (Debian bookworm's nginx-light: core, TLS, rewrite; no njs) instead of 1.30.4 on Alpine; workers run as www-data instead of nginx; busybox applets (wget) from Debian's busybox-static",
  },
  debian: { suite: 'bookworm', packages: ['nginx-light', 'busybox-static'] },
  script: 'build.sh',
});
