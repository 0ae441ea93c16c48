import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'kind',
  summary: 'the kind CLI, built from its Go module',
  role: 'tool',
  go: [{ id: 'kind', module: 'sigs.k8s.io/kind', version: 'v0.33.0', packages: ['.'] }],
});
