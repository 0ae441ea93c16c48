import { ISTIO } from '../../istio-setup/istio.ts';
import { defineRecipe } from '../../kit/recipes.ts';

/** The commit the pinned pseudo-version names (its last 12 hex digits). */
const commit = ISTIO.moduleVersion.split('-').at(-1) ?? 'unknown';

/**
 * The version stamps of istio.io/istio/pkg/version, as Istio's release build sets them. The hub and
 * the version also give istioctl its default images: with both set, it renders
 * docker.io/istio/pilot:1.31.0 and docker.io/istio/proxyv2:1.31.0 into the manifests it installs.
 * The revision is the commit the module version was cut from, so a build never passes for a tagged one.
 */
export const ISTIO_LDFLAGS = [
  `-X istio.io/istio/pkg/version.buildVersion=${ISTIO.release}`,
  `-X istio.io/istio/pkg/version.buildTag=${ISTIO.release}`,
  `-X istio.io/istio/pkg/version.buildHub=${ISTIO.hub}`,
  `-X istio.io/istio/pkg/version.buildGitRevision=${commit}`,
  '-X istio.io/istio/pkg/version.buildStatus=Clean',
];

export const recipe = defineRecipe({
  name: 'istioctl',
  summary: `istioctl ${ISTIO.release} from the istio.io/istio module, version and default images stamped by ldflags`,
  role: 'tool',
  go: [
    {
      id: 'istioctl',
      module: ISTIO.module,
      version: ISTIO.moduleVersion,
      release: ISTIO.release,
      packages: ['istioctl/cmd/istioctl'],
      ldflags: ISTIO_LDFLAGS,
    },
  ],
});
