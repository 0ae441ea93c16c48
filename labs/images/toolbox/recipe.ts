import { readFileSync } from 'node:fs';
import { defineRecipe } from '../../kit/recipes.ts';

/** The package list the lab's own Dockerfile installs: one list, so both builds hold the same tools. */
const PACKAGES = readFileSync(new URL('../../troubleshooting/files/toolbox/packages.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '');

export const recipe = defineRecipe({
  name: 'toolbox',
  summary:
    "the troubleshooting lab's toolbox: the packages of its Dockerfile (labs/troubleshooting/files/toolbox/packages.txt) on a debootstrapped Debian bookworm",
  role: 'workload',
  images: ['localhost/fieldlab/toolbox:1.0'],
  standIn: {
    upstream: 'localhost/fieldlab/toolbox:1.0',
    differences:
      'built here from a debootstrapped Debian bookworm (minbase) instead of docker build on debian:bookworm-slim pinned by digest, which needs Docker Hub; the same Debian packages (one list, packages.txt), so the same tool versions on the same day; a few more base packages than the slim image (minbase)',
  },
  debian: { suite: 'bookworm', packages: PACKAGES },
  script: 'build.sh',
});
