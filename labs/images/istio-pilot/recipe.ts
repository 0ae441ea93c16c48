import { ISTIO, PILOT_IMAGE } from '../../istio-setup/istio.ts';
import { defineRecipe } from '../../kit/recipes.ts';
import { ISTIO_LDFLAGS } from '../istioctl/recipe.ts';

export const recipe = defineRecipe({
  name: 'istio-pilot',
  summary: `a stand-in for Istio's control plane image (istiod) ${ISTIO.release}: pilot-discovery from the istio.io/istio module`,
  role: 'workload',
  images: [PILOT_IMAGE],
  standIn: {
    upstream: PILOT_IMAGE,
    differences: `pilot-discovery built from istio.io/istio at ${ISTIO.moduleVersion} (a commit whose VERSION file says 1.31, not necessarily the 1.31.0 tag), stamped 1.31.0 with the same version variables Istio's release build sets and revision ${ISTIO.moduleVersion.split('-').at(-1)}; on an empty base holding only the binary and istio-proxy (1337) in /etc/passwd and /etc/group, instead of Istio's Ubuntu-based debug base with a shell, a CA bundle, iptables and network tools; the binary, the user 1337:1337 and the entrypoint as upstream, /usr/local/bin/pilot-discovery`,
  },
  go: [
    {
      id: 'pilot-discovery',
      module: ISTIO.module,
      version: ISTIO.moduleVersion,
      release: ISTIO.release,
      packages: ['pilot/cmd/pilot-discovery'],
      ldflags: ISTIO_LDFLAGS,
    },
  ],
  script: 'build.sh',
});
