/**
 * n requests from the in-mesh client Deployment `client` of a namespace, counted by the version
 * that answered: "v1=… v2=… errors=…". The client's own sidecar applies the routes, so this is
 * what the mesh decided, request by request. The awk runs on the reader's machine.
 */
export function countVersionsIn(namespace: string, n: number, header?: string): string {
  const flag = header === undefined ? '' : ` --header "${header}"`;
  return [
    `kubectl -n ${namespace} exec deploy/client -c client -- \\`,
    `  sh -c 'seq ${n} | while read -r _; do wget -qO-${flag} http://frontend/version || echo error; done' \\`,
    `  | awk '{ c[$1]++ } END { printf "v1=%d v2=%d errors=%d\\n", c["v1"], c["v2"], c["error"] }'`,
  ].join('\n');
}
