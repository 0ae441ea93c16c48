import { defineRecipe } from '../../kit/recipes.ts';

/**
 * The NetworkPolicy enforcer of the troubleshooting lab, in firewall-only mode: iptables rules and
 * ipsets, which kernels without the nftables queue expression (where kindnetd's own policy engine
 * cannot work) still have. v2.1.0 is the newest version the Go module proxy serves.
 */
export const recipe = defineRecipe({
  name: 'kube-router',
  summary: 'kube-router from its Go module, with iptables and ipset from Debian',
  role: 'workload',
  images: ['docker.io/cloudnativelabs/kube-router:v2.1.0'],
  standIn: {
    upstream: 'docker.io/cloudnativelabs/kube-router:v2.1.0',
    differences:
      "the same version built from github.com/cloudnativelabs/kube-router/v2 v2.1.0 without cgo, on Debian bookworm (iptables 1.8.9, ipset 7.17) instead of Alpine; the iptables backend (legacy or nft) chosen by the kube-proxy recipe's wrapper, as upstream's image does with its own; no gobgp CLI, no CNI plugins (the lab runs only the firewall)",
  },
  go: [
    {
      id: 'kube-router',
      module: 'github.com/cloudnativelabs/kube-router/v2',
      version: 'v2.1.0',
      packages: ['cmd/kube-router'],
      ldflags: ['-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=v2.1.0'],
    },
  ],
  debian: { suite: 'bookworm', packages: ['iptables', 'ipset', 'iproute2', 'conntrack', 'ca-certificates'] },
  script: 'build.sh',
});
