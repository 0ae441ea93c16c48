#!/usr/bin/env bash
# Builds the Kubernetes binaries from the k8s.io/kubernetes Go module into OUT.
# Usage: build.sh OUT VERSION
# The version is stamped the way the upstream build stamps it, or kubeadm refuses
# v0.0.0-master. buildDate is the module's publication time, so a rebuild with a warm
# Go cache links identical binaries and reuses the cache.
set -euo pipefail

out=$1
version=$2
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

build_date=$(go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' "k8s.io/kubernetes@${version}")
[ -n "$build_date" ] || { echo "no publication time for k8s.io/kubernetes@${version}" >&2; exit 1; }
major=${version#v}
major=${major%%.*}
minor=${version#v*.}
minor=${minor%%.*}

ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X ${pkg}.gitVersion=${version}"
  ldflags+=" -X ${pkg}.gitMajor=${major}"
  ldflags+=" -X ${pkg}.gitMinor=${minor}"
  ldflags+=" -X ${pkg}.gitCommit=module-${version}"
  ldflags+=" -X ${pkg}.gitTreeState=clean"
  ldflags+=" -X ${pkg}.buildDate=${build_date}"
done

mkdir -p "$out"
for cmd in kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy; do
  echo "building ${cmd}"
  CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags "$ldflags" -o "${out}/${cmd}" "k8s.io/kubernetes/cmd/${cmd}"
done
