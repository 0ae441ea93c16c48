import { defineRecipe } from '../../kit/recipes.ts';

/**
 * kindnetd's source (kind's images/kindnetd) has its own go.mod, so the sigs.k8s.io/kind module
 * zip leaves it out and no module serves it. This stand-in runs under kind's unchanged kindnet
 * DaemonSet and gives what kindnetd gives: Pod networking and NetworkPolicy enforcement.
 */
export const recipe = defineRecipe({
  name: 'kindnet',
  summary: 'a stand-in for kindnetd: CNI config and node routes by a script, NetworkPolicy by kube-network-policies',
  role: 'component',
  images: ['docker.io/kindest/kindnetd:v20260820-69b56db7'],
  standIn: {
    upstream: 'docker.io/kindest/kindnetd:v20260820-69b56db7',
    differences:
      "a shell script (busybox, kubectl) writes the ptp/host-local/portmap CNI config and node routes; NetworkPolicy by sigs.k8s.io/kube-network-policies v0.8.0, which (like kindnetd) needs the kernel's nftables queue expression (CONFIG_NFT_QUEUE): on a kernel without it, policies are not enforced; no kindnetd DNS cache, no IPv6, masquerading by the ptp plugin",
  },
  go: [
    {
      id: 'kube-network-policies',
      module: 'sigs.k8s.io/kube-network-policies',
      version: 'v0.8.0',
      packages: ['cmd=kube-network-policies'],
    },
  ],
  debian: { suite: 'bookworm', packages: ['busybox-static'] },
  uses: ['kubernetes'],
  script: 'build.sh',
});
