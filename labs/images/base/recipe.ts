import { defineRecipe } from '../../kit/recipes.ts';

/** Versions as kind v0.33.0's images/base/Dockerfile pins them. */
export const recipe = defineRecipe({
  name: 'base',
  summary: "kind's base image: Debian with systemd, kind's base files, containerd, runc, crictl and CNI plugins",
  role: 'base',
  images: ['localhost/fieldlab/kind-base:v0.33.0-bookworm'],
  standIn: {
    upstream: 'docker.io/kindest/base:v20260820-69b56db7',
    differences:
      'Debian bookworm (systemd 252) instead of trixie (systemd 257, which treats cgroup v1 as obsolete); no nfs-common, open-iscsi or containerd-fuse-overlayfs (rootless and network storage only)',
  },
  debian: {
    suite: 'bookworm',
    packages: [
      'systemd',
      'dbus',
      'conntrack',
      'iptables',
      'nftables',
      'iproute2',
      'ethtool',
      'util-linux',
      'mount',
      'kmod',
      'libseccomp2',
      'pigz',
      'fuse-overlayfs',
      'e2fsprogs',
      'bash',
      'ca-certificates',
      'curl',
      'jq',
      'procps',
    ],
  },
  go: [
    {
      id: 'containerd',
      module: 'github.com/containerd/containerd/v2',
      version: 'v2.3.4',
      packages: ['cmd/containerd', 'cmd/ctr', 'cmd/containerd-shim-runc-v2'],
      cgo: true,
      tags: ['no_aufs', 'no_zfs', 'no_btrfs', 'no_devmapper'],
      ldflags: [
        '-X github.com/containerd/containerd/v2/version.Version=v2.3.4',
        '-X github.com/containerd/containerd/v2/version.Package=github.com/containerd/containerd/v2',
      ],
    },
    {
      id: 'runc',
      module: 'github.com/opencontainers/runc',
      version: 'v1.4.3',
      packages: ['.'],
      cgo: true,
      tags: ['seccomp', 'urfave_cli_no_docs'],
      ldflags: ['-X main.version=1.4.3'],
    },
    {
      id: 'crictl',
      module: 'sigs.k8s.io/cri-tools',
      version: 'v1.36.0',
      packages: ['cmd/crictl'],
      ldflags: ['-X sigs.k8s.io/cri-tools/pkg/version.Version=v1.36.0'],
    },
    {
      id: 'cni-plugins',
      module: 'github.com/containernetworking/plugins',
      version: 'v1.9.1',
      packages: ['plugins/main/ptp', 'plugins/ipam/host-local', 'plugins/main/loopback', 'plugins/meta/portmap'],
      ldflags: ['-X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=v1.9.1'],
    },
  ],
  uses: ['kind'],
  script: 'build.sh',
});
