import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'busybox',
  summary: "busybox from Debian's busybox-static package, laid out as the busybox image",
  role: 'workload',
  images: ['docker.io/library/busybox:1.37.0'],
  standIn: {
    upstream: 'docker.io/library/busybox:1.37.0',
    differences:
      "busybox 1.35.0 (Debian bookworm's busybox-static) instead of 1.37.0; the applets the labs use (sh, sleep, df, cat, echo, dd, wget) behave the same, except that wget -T (a timeout) crashes in Debian's static build: use timeout N wget instead",
  },
  debian: { suite: 'bookworm', packages: ['busybox-static'] },
  script: 'build.sh',
});
