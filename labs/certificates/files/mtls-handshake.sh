#!/usr/bin/env bash
# Usage: bash files/mtls-handshake.sh [CLIENT_CERT CLIENT_KEY]
#
# A mutual-TLS handshake between the lab's certificates, entirely on 127.0.0.1:
# - the server (openssl s_server) presents pki/apiserver.crt and demands a client
#   certificate signed by pki/ca.crt (-Verify 1), as the API server does with --client-ca-file;
# - the client (openssl s_client) trusts pki/ca.crt and checks that the certificate is valid
#   for kubernetes.default.svc, as a Pod calling the API does; it presents CLIENT_CERT if given.
# Prints "accepted" and exits 0 when the server answered over mutual TLS; otherwise prints
# "refused" with the reasons both sides logged and exits 1. The server is always stopped.
set -euo pipefail

pki="${PKI_DIR:-pki}"
name="${VERIFY_NAME:-kubernetes.default.svc}"
client_cert="${1:-}"
client_key="${2:-}"
scratch="$(mktemp -d)"
server_pid=""

# shellcheck disable=SC2317 # reached through the EXIT trap
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap stop_server EXIT

# Port 0: the kernel picks a free port, and s_server prints it on its ACCEPT line.
: >"$scratch/server.log"
openssl s_server -accept 127.0.0.1:0 -naccept 1 -www \
  -cert "$pki/apiserver.crt" -key "$pki/apiserver.key" \
  -CAfile "$pki/ca.crt" -Verify 1 -verify_return_error >"$scratch/server.log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 50); do
  port="$(sed -n 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$scratch/server.log")"
  if [ -n "$port" ] || ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "the test server did not start:"
  cat "$scratch/server.log"
  exit 2
fi

client=(-connect "127.0.0.1:$port" -CAfile "$pki/ca.crt" -verify_return_error -verify_hostname "$name" -ign_eof)
if [ -n "$client_cert" ]; then client+=(-cert "$client_cert" -key "$client_key"); fi

printf 'GET / HTTP/1.0\r\n\r\n' | openssl s_client "${client[@]}" >"$scratch/client.out" 2>"$scratch/client.log" || true

who="${client_cert:-no client certificate}"
if grep -aq 'HTTP/1.0 200 ok' "$scratch/client.out"; then
  echo "accepted: the server verified $who and answered over mutual TLS"
  exit 0
fi
echo "refused: the handshake with $who failed"
grep -ahoE 'verify error:.*|error:[0-9A-F]+:SSL routines:[^:]*:[^:]*' "$scratch/server.log" "$scratch/client.log" \
  | sed -e 's/^error:[0-9A-F]*:SSL routines:/  /' -e 's/^verify error:/  verify error: /' | sort -u || true
exit 1
