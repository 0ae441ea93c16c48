#!/usr/bin/env bash
# Prepares a Debian-like build machine for the source-built platform, as root: the tools the
# recipes use (podman with runc, debootstrap, gcc, libseccomp for runc) and a podman drop-in
# that lets privileged kind nodes start on hosts like ours. Idempotent.
#   - runtime runc: crun refuses hosts with cgroup v1 controllers ("hybrid mode not supported").
#   - default_ulimits: a privileged container's nofile/nproc must not exceed what podman's conmon
#     has, or runc fails with "error setting rlimit type 7/6"; use this shell's hard limits.
#   - cgroupfs: the host may run without systemd as init.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "host setup needs root: run it with sudo, or install podman, runc, debootstrap, gcc and libseccomp-dev yourself" >&2
  exit 2
fi
packages=(podman runc debootstrap gcc libc6-dev libseccomp-dev pkg-config jq)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing ${missing[*]}, and this is not a Debian-like system: install them with your package manager" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "installed ${missing[*]}"
fi

nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
[ "$nofile" = unlimited ] && nofile=1048576
[ "$nproc" = unlimited ] && nproc=1048576
[ "$nproc" -gt 32768 ] && nproc=32768
dropin=/etc/containers/containers.conf.d/50-fieldlab.conf
mkdir -p "$(dirname "$dropin")"
cat >"${dropin}.new" <<CONF
# Written by labs/images/lib/host-setup.sh (k8s field labs): see the comments there.
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
if cmp -s "${dropin}.new" "$dropin"; then
  rm -f "${dropin}.new"
else
  mv "${dropin}.new" "$dropin"
  echo "wrote ${dropin}"
fi

# kind bind-mounts /lib/modules into every node read-only. A kernel with every module built in
# (ours) has no /lib/modules, and the bind mount then fails: give it an empty folder.
if [ ! -e /lib/modules ]; then
  mkdir -p "/lib/modules/$(uname -r)"
  echo "created /lib/modules/$(uname -r) (empty: this kernel has no loadable modules) for kind's read-only bind mount"
fi
