// Offline stand-ins for what the cluster provides, so that lab.test.ts can run
// Debian's real prometheus and promtool on the lab's own configuration.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { parseYaml, stringifyYaml } from '../kit/deps.ts';

export const LAB_DIR = import.meta.dirname;
export const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount/';
export const ETC_DIR = '/etc/prometheus/';

/** The files of the prometheus-config ConfigMap, exactly as the cluster mounts them. */
export function configMapFiles(): Record<string, string> {
  const manifest = parseYaml(readFileSync(join(LAB_DIR, 'manifests', 'prometheus-config.yaml'), 'utf8')) as {
    kind: string;
    data: Record<string, string>;
  };
  if (manifest.kind !== 'ConfigMap') throw new Error(`expected a ConfigMap, found ${manifest.kind}`);
  return manifest.data;
}

type Labels = Record<string, string>;
interface TargetGroup {
  targets: string[];
  labels: Labels;
}

export interface Addresses {
  /** Stands in for the API server and the kubelet: HTTPS, bearer token required. */
  https: string;
  /** Stands in for kube-state-metrics: plain HTTP. */
  http: string;
}

/**
 * What Kubernetes service discovery hands each job on the lab's kind cluster,
 * written as static target groups: the meta labels are the ones Prometheus's
 * node and endpointslice roles set. Each endpointslice job also gets a target
 * its relabelling must drop.
 */
export const DISCOVERY: Record<
  string,
  { role: string; namespaces?: string[]; groups: (a: Addresses) => TargetGroup[] }
> = {
  apiserver: {
    role: 'endpointslice',
    namespaces: ['default'],
    groups: (a) => [
      endpoint(a.https, 'default', 'kubernetes', 'https'),
      endpoint(a.https, 'default', 'some-app', 'https'),
    ],
  },
  kubelet: { role: 'node', groups: (a) => [node(a.https)] },
  cadvisor: { role: 'node', groups: (a) => [node(a.https)] },
  'kube-scheduler': { role: 'node', groups: (a) => [node(a.https)] },
  'kube-controller-manager': { role: 'node', groups: (a) => [node(a.https)] },
  'kube-state-metrics': {
    role: 'endpointslice',
    namespaces: ['monitoring-lab'],
    groups: (a) => [
      endpoint(a.http, 'monitoring-lab', 'kube-state-metrics', 'http-metrics'),
      endpoint(a.http, 'monitoring-lab', 'prometheus', 'web'),
    ],
  },
};

function endpoint(address: string, namespace: string, service: string, port: string): TargetGroup {
  return {
    targets: [address],
    labels: {
      __meta_kubernetes_namespace: namespace,
      __meta_kubernetes_service_name: service,
      __meta_kubernetes_endpointslice_name: `${service}-x7k2p`,
      __meta_kubernetes_endpointslice_port_name: port,
    },
  };
}

function node(address: string): TargetGroup {
  return {
    targets: [address],
    labels: {
      instance: 'fieldlab-control-plane',
      __meta_kubernetes_node_name: 'fieldlab-control-plane',
      __meta_kubernetes_node_address_InternalIP: '172.18.0.2',
    },
  };
}

interface ScrapeConfig {
  job_name: string;
  kubernetes_sd_configs?: { role: string; namespaces?: { names?: string[] } }[];
  static_configs?: TargetGroup[];
  [key: string]: unknown;
}

export interface VariantOptions {
  addresses: Addresses;
  /** Replaces the Pod's service-account directory (token and CA). */
  saDir: string;
  /** Replaces /etc/prometheus/, where the rule files are mounted. */
  etcDir: string;
  prometheusAddress: string;
  scrapeInterval: string;
}

/**
 * The lab's prometheus.yml with every kubernetes_sd_configs block swapped for the
 * static targets above; relabelling, TLS and authorization stay as they are.
 */
export function staticVariant(prometheusYml: string, options: VariantOptions): string {
  const text = prometheusYml
    .replaceAll(SA_DIR, `${options.saDir.replace(/\/$/, '')}/`)
    .replaceAll(ETC_DIR, `${options.etcDir.replace(/\/$/, '')}/`)
    .replaceAll('localhost:9090', options.prometheusAddress);
  const config = parseYaml(text) as { global: Record<string, unknown>; scrape_configs: ScrapeConfig[] };
  config.global.scrape_interval = options.scrapeInterval;
  config.global.evaluation_interval = options.scrapeInterval;
  for (const job of config.scrape_configs) {
    const sd = job.kubernetes_sd_configs;
    if (!sd) continue;
    const emulated = DISCOVERY[job.job_name];
    if (!emulated) throw new Error(`no offline discovery for job "${job.job_name}"`);
    const [only, ...rest] = sd;
    if (!only || rest.length > 0) throw new Error(`job "${job.job_name}" must have exactly one kubernetes_sd_config`);
    if (only.role !== emulated.role)
      throw new Error(`job "${job.job_name}" uses role ${only.role}, not ${emulated.role}`);
    if (JSON.stringify(only.namespaces?.names) !== JSON.stringify(emulated.namespaces)) {
      throw new Error(`job "${job.job_name}" watches namespaces ${JSON.stringify(only.namespaces?.names)}`);
    }
    delete job.kubernetes_sd_configs;
    job.static_configs = emulated.groups(options.addresses);
  }
  return stringifyYaml(config);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('no port'));
    });
  });
}

const CPU_BURNER =
  'container="cpu-burner",id="/kubelet/kubepods/burstable/pod1f0c/4be1",image="docker.io/library/busybox:1.37.0",name="4be1",namespace="monitoring-demo",pod="cpu-burner-6d5f8b7c9-x2x4z"';
const CPU_BURNER_POD =
  'container="",id="/kubelet/kubepods/burstable/pod1f0c",image="",name="",namespace="monitoring-demo",pod="cpu-burner-6d5f8b7c9-x2x4z"';
const CRASHER = 'namespace="monitoring-demo",pod="crasher-7b9c6d5f4-q8w7e",uid="0c1d",container="crasher"';

/** cAdvisor text for a container that uses 0.1 core and is throttled in 90% of its periods. */
function cadvisorText(seconds: number): string {
  return [
    '# TYPE container_cpu_usage_seconds_total counter',
    // cAdvisor labels this counter cpu="total" (the kubelet turns per-CPU series off).
    `container_cpu_usage_seconds_total{${CPU_BURNER},cpu="total"} ${0.1 * seconds}`,
    `container_cpu_usage_seconds_total{${CPU_BURNER_POD},cpu="total"} ${0.1 * seconds}`,
    '# TYPE container_cpu_cfs_periods_total counter',
    `container_cpu_cfs_periods_total{${CPU_BURNER}} ${Math.floor(10 * seconds)}`,
    '# TYPE container_cpu_cfs_throttled_periods_total counter',
    `container_cpu_cfs_throttled_periods_total{${CPU_BURNER}} ${Math.floor(9 * seconds)}`,
    '# TYPE container_memory_working_set_bytes gauge',
    `container_memory_working_set_bytes{${CPU_BURNER}} 409600`,
    '# TYPE container_tasks_state gauge',
    `container_tasks_state{${CPU_BURNER},state="running"} 1`,
    '',
  ].join('\n');
}

const KSM_TEXT = [
  '# TYPE kube_pod_container_status_restarts_total counter',
  `kube_pod_container_status_restarts_total{${CRASHER}} 3`,
  '# TYPE kube_pod_container_status_last_terminated_reason gauge',
  `kube_pod_container_status_last_terminated_reason{${CRASHER},reason="Error"} 1`,
  '',
].join('\n');

export interface FakeTargets {
  addresses: Addresses;
  /** Requests the HTTPS server refused for a missing or wrong bearer token. */
  refused: () => number;
  close: () => Promise<void>;
}

/** The HTTPS server demands the token and serves a certificate for kubernetes.default.svc. */
export async function startFakeTargets(tls: { cert: string; key: string }, token: string): Promise<FakeTargets> {
  const started = Date.now();
  let refused = 0;
  const reply = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(body);
  };
  const secure = createHttpsServer(tls, (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      refused += 1;
      res.writeHead(401).end('Unauthorized');
    } else if (req.url === '/metrics/cadvisor') reply(res, cadvisorText((Date.now() - started) / 1000));
    else if (req.url === '/metrics') reply(res, '# TYPE kubelet_running_pods gauge\nkubelet_running_pods 4\n');
    else res.writeHead(404).end();
  });
  const plain = createHttpServer((req, res) =>
    req.url === '/metrics' ? reply(res, KSM_TEXT) : res.writeHead(404).end(),
  );
  const [securePort, plainPort] = await Promise.all([listen(secure), listen(plain)]);
  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    addresses: { https: `127.0.0.1:${securePort}`, http: `127.0.0.1:${plainPort}` },
    refused: () => refused,
    close: async () => {
      secure.closeAllConnections();
      plain.closeAllConnections();
      await Promise.all([close(secure), close(plain)]);
    },
  };
}

export interface RunningPrometheus {
  url: string;
  stop: () => Promise<void>;
}

export async function startPrometheus(configFile: string, dataDir: string, port: number): Promise<RunningPrometheus> {
  const child: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${configFile}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`prometheus did not become ready:\n${log}`);
}
