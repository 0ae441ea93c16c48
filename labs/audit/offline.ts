// Offline stand-ins for what the cluster provides, so that lab.test.ts can run the lab's own
// questions: recorded audit events instead of the node's log, VictoriaLogs and the collector on
// loopback instead of in Pods, and a kubectl that turns the service-proxy URL into a local one.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseAllDocuments, parseYaml, z } from '../kit/deps.ts';
import { goBuildDir } from '../kit/go-build.ts';
import { loadRecipe } from '../kit/recipes.ts';

export const LAB_DIR = import.meta.dirname;
export const EVENTS_FILE = join(LAB_DIR, 'testdata', 'audit-events.jsonl');

/** Objects of one manifest file. */
export function manifest(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(join(LAB_DIR, 'manifests', file), 'utf8')).map(
    (doc) => doc.toJS() as Record<string, unknown>,
  );
}

/** The collector's configuration, exactly as the ConfigMap mounts it. */
export function collectorConfigText(): string {
  const map = manifest('collector.yaml').find((object) => object.kind === 'ConfigMap') as
    | { data: Record<string, string> }
    | undefined;
  const text = map?.data['config.yaml'];
  if (text === undefined) throw new Error('collector.yaml has no ConfigMap with config.yaml');
  return text;
}

export function collectorConfig(): Record<string, Record<string, unknown>> {
  return parseYaml(collectorConfigText()) as Record<string, Record<string, unknown>>;
}

const UserInfo = z.object({
  username: z.string().optional(),
  uid: z.string().optional(),
  groups: z.array(z.string()).optional(),
  extra: z.record(z.string(), z.array(z.string())).optional(),
});

/** audit.k8s.io/v1 Event: every field the type has, the required ones required, nothing else. */
export const AuditEvent = z
  .object({
    kind: z.literal('Event'),
    apiVersion: z.literal('audit.k8s.io/v1'),
    level: z.enum(['Metadata', 'Request', 'RequestResponse']),
    auditID: z.string().uuid(),
    stage: z.enum(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']),
    requestURI: z.string().min(1),
    verb: z.string().min(1),
    user: UserInfo,
    impersonatedUser: UserInfo.optional(),
    authenticationMetadata: z.record(z.string(), z.unknown()).optional(),
    sourceIPs: z.array(z.string()).optional(),
    userAgent: z.string().optional(),
    objectRef: z
      .object({
        resource: z.string().optional(),
        namespace: z.string().optional(),
        name: z.string().optional(),
        uid: z.string().optional(),
        apiGroup: z.string().optional(),
        apiVersion: z.string().optional(),
        resourceVersion: z.string().optional(),
        subresource: z.string().optional(),
      })
      .strict()
      .optional(),
    responseStatus: z.object({ code: z.number().int().optional() }).passthrough().optional(),
    requestObject: z.record(z.string(), z.unknown()).optional(),
    responseObject: z.record(z.string(), z.unknown()).optional(),
    requestReceivedTimestamp: z.string().datetime(),
    stageTimestamp: z.string().datetime(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type AuditEvent = z.infer<typeof AuditEvent>;

export function readEvents(file = EVENTS_FILE): AuditEvent[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditEvent);
}

/** The binaries `npm run lab -- images build audit` leaves in the cache, when it has run here. */
export async function builtBinaries(): Promise<{ collector: string; store: string } | undefined> {
  const [collector, store] = await Promise.all([loadRecipe('otel-collector'), loadRecipe('victoria-logs')]);
  const collectorBuild = collector.go[0];
  const storeBuild = store.go[0];
  if (!collectorBuild || !storeBuild) return undefined;
  const paths = {
    collector: join(goBuildDir(collectorBuild), 'otelcol-k8s'),
    store: join(goBuildDir(storeBuild), 'victoria-logs-prod'),
  };
  return existsSync(paths.collector) && existsSync(paths.store) ? paths : undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Running {
  log: () => string;
  stop: () => Promise<void>;
}

export function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Running {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined>, what: () => string, tries = 100): Promise<T> {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`timed out waiting for ${what()}`);
}

/**
 * A `kubectl` for the tests: `get --raw` of the victoria-logs service-proxy path becomes a plain
 * HTTP request to the store on loopback; anything else fails loudly.
 */
export function fakeKubectl(dir: string, storeUrl: string): string {
  mkdirSync(dir, { recursive: true });
  const prefix = '/api/v1/namespaces/audit-lab/services/victoria-logs:http/proxy';
  const script = [
    '#!/bin/sh',
    `[ "$1" = get ] && [ "$2" = --raw ] || { echo "fake kubectl: unexpected $*" >&2; exit 2; }`,
    `case "$3" in ${prefix}/*) ;; *) echo "fake kubectl: not the store: $3" >&2; exit 2 ;; esac`,
    `exec curl -sf "${storeUrl}\${3#${prefix}}"`,
    '',
  ].join('\n');
  const file = join(dir, 'kubectl');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return dir;
}
