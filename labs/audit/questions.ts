// The questions the lab asks of the audit log: once with jq over the file on the node, once in
// LogsQL in the log store. lab.ts runs them; lab.test.ts runs the same text offline.

export const NODE = 'fieldlab-audit-control-plane';
export const AUDIT_LOG = '/var/log/kubernetes/audit/audit.log';
export const DEMO = 'audit-demo';
export const DEPLOYER = `system:serviceaccount:${DEMO}:deployer`;
/** The value of the lab's Secret: the log must never contain it, plain or base64-encoded. */
export const SECRET_MARKER = 'fieldlab-audit-marker-7f3a';
export const SECRET_MARKER_BASE64 = Buffer.from(SECRET_MARKER).toString('base64').replace(/=+$/, '');

/** The whole audit log, read from the node: the first half of every jq question. */
export const READ_LOG = `docker exec ${NODE} cat ${AUDIT_LOG}`;

/** jq filters by the question they answer; each prints one line per matching event. */
/**
 * jq filters by the question they answer; each prints one line per matching event. A long filter is
 * written on several lines, the way a reader would type it: jq takes newlines as spaces.
 */
export const JQ = {
  whoDeleted: [
    'select(.verb == "delete" and .stage == "ResponseComplete"',
    `  and .objectRef.resource == "deployments" and .objectRef.namespace == "${DEMO}"`,
    '  and .objectRef.name == "web")',
    '| [.stageTimestamp, .user.username, (.responseStatus.code | tostring),',
    '   (.responseObject.details.uid // "-")]',
    '| join(" ")',
  ].join('\n'),
  secretReaders: [
    `select(.objectRef.resource == "secrets" and .objectRef.namespace == "${DEMO}"`,
    '  and .stage == "ResponseComplete" and (.verb | IN("get", "list", "watch")))',
    '| [.stageTimestamp, .user.username, (.impersonatedUser.username // "-"), .verb,',
    '   (.objectRef.name // "-"), (.responseStatus.code | tostring)]',
    '| join(" ")',
  ].join('\n'),
  denied: [
    'select(.responseStatus.code == 403)',
    '| [.stageTimestamp, .user.username, (.impersonatedUser.username // "-"), .verb,',
    '   (.objectRef.resource // .requestURI), (.objectRef.namespace // "-"),',
    '   (.objectRef.name // "-")]',
    '| join(" ")',
  ].join('\n'),
  serviceAccountChanges: [
    `select(.user.username == "${DEPLOYER}"`,
    '  and (.verb | IN("create", "update", "patch", "delete", "deletecollection"))',
    '  and (.objectRef.resource | endswith("reviews") | not))',
    '| [.stageTimestamp, .verb,',
    '   .objectRef.resource',
    '     + (if .objectRef.subresource then "/" + .objectRef.subresource else "" end),',
    '   .objectRef.name, (.responseStatus.code | tostring),',
    '   (.requestObject // {} | tojson)]',
    '| join(" ")',
  ].join('\n'),
  /** How many events record Secrets, and how many of those carry a request or response body. */
  secretBodies: [
    '[.[] | select(.objectRef.resource == "secrets")]',
    '| {events: length,',
    '   withBodies: (map(select(has("requestObject") or has("responseObject"))) | length)}',
  ].join('\n'),
  /** How many events the file holds, and how many of them are RequestReceived. */
  stages: `{events: length, requestReceived: (map(select(.stage == "RequestReceived")) | length)}`,
} as const;

/** A jq question over the node's audit log; `slurp` reads all events into one array first. */
export function auditJq(filter: string, options: { slurp?: boolean } = {}): string {
  if (filter.includes("'")) throw new Error(`a jq filter must not contain a single quote: ${filter}`);
  const program = filter.includes('\n') ? `\n  ${filter.replaceAll('\n', '\n  ')}` : filter;
  return `${READ_LOG} | jq ${options.slurp ? '-cs' : '-r'} '${program}'`;
}

/** LogsQL queries by the question they answer, for VictoriaLogs. */
export const LOGSQL = {
  count: '_time:1h | stats count() events',
  whoDeleted: `objectRef.resource:=deployments verb:=delete objectRef.namespace:=${DEMO} objectRef.name:=web stage:=ResponseComplete | fields _time, user.username, responseStatus.code, responseObject.details.uid`,
  secretReaders: `objectRef.resource:=secrets objectRef.namespace:=${DEMO} verb:in(get, list, watch) stage:=ResponseComplete | fields _time, user.username, impersonatedUser.username, verb, objectRef.name, responseStatus.code`,
  denied:
    'responseStatus.code:=403 | fields _time, user.username, impersonatedUser.username, verb, objectRef.resource, objectRef.namespace, objectRef.name',
  serviceAccountChanges: `user.username:="${DEPLOYER}" verb:in(create, update, patch, delete, deletecollection) -objectRef.resource:~"reviews$" | fields _time, verb, objectRef.resource, objectRef.subresource, objectRef.name, responseStatus.code`,
  busiest: '_time:1h | stats by (user.username) count() events | sort by (events desc) | limit 5',
} as const;

/** The script that sends a LogsQL query to VictoriaLogs through the API server's service proxy. */
export const LOGSQL_SCRIPT = 'files/logsql.sh';

export function logsql(query: string): string {
  if (query.includes("'")) throw new Error(`a LogsQL query must not contain a single quote: ${query}`);
  return `sh ${LOGSQL_SCRIPT} '${query}'`;
}
