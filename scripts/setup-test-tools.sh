#!/usr/bin/env bash
# Installs the Debian tools that `npm test` uses for its offline proofs:
# Chromium (browser tests), shellcheck (lab exports), openssl (PKI labs),
# Prometheus, promtool and the Blackbox exporter, nginx and dnsmasq (probe
# targets on loopback), jq (the audit lab's log questions), dig, and iproute2 for test network namespaces. Idempotent: does nothing when all are present.
set -euo pipefail

packages=(chromium shellcheck openssl jq prometheus prometheus-blackbox-exporter nginx-light dnsmasq bind9-dnsutils iproute2)
commands=(chromium shellcheck openssl jq prometheus promtool prometheus-blackbox-exporter nginx dnsmasq dig ip unshare nsenter)

missing=0
for command in "${commands[@]}"; do
  if ! PATH="$PATH:/usr/sbin:/sbin" command -v "$command" >/dev/null 2>&1; then
    missing=1
  fi
done
if [ "$missing" -eq 0 ]; then
  echo "test tools: all present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "test tools: missing, and this is not a Debian-like system; install: ${packages[*]}" >&2
  exit 2
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# Package scripts must not start nginx or dnsmasq as services: tests start their own on loopback.
"${sudo[@]}" env RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "test tools: installed ${packages[*]}"
