import { defineRecipe } from '../../kit/recipes.ts';

/** kind's helper image holds sh, mkdir and rm for the provisioner's setup and teardown scripts. */
export const recipe = defineRecipe({
  name: 'local-path-helper',
  summary: "the helper Pod image of kind's local-path provisioner: a shell, mkdir and rm from Debian's busybox-static",
  role: 'component',
  images: ['docker.io/kindest/local-path-helper:v20260131-7181c60a'],
  standIn: {
    upstream: 'docker.io/kindest/local-path-helper:v20260131-7181c60a',
    differences: "busybox's sh, mkdir and rm instead of bash and coreutils on distroless",
  },
  debian: { suite: 'bookworm', packages: ['busybox-static'] },
  script: 'build.sh',
});
