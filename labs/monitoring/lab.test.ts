import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkCommand, meets } from '../kit/checks.ts';
import { parseAllDocuments, stringifyYaml } from '../kit/deps.ts';
import { parseLab } from '../kit/registry.ts';
import type { Check } from '../kit/schema.ts';
import { childEnv, sh } from '../kit/sh.ts';
import { validateLab } from '../kit/validate/labs.ts';
import definition, { BREAK_SED, KUBELET_METRICS_COUNT, PROMQL_PREFIX } from './lab.ts';
import {
  configMapFiles,
  DISCOVERY,
  type FakeTargets,
  freePort,
  LAB_DIR,
  type RunningPrometheus,
  startFakeTargets,
  startPrometheus,
  staticVariant,
} from './offline.ts';

const lab = parseLab(definition, 'labs/monitoring/lab.ts', 'monitoring');
const work = mkdtempSync(join(tmpdir(), 'monitoring-lab-'));
const env = childEnv(undefined);
const run = (command: string) => sh(command, { cwd: work, env, timeoutMs: 60_000 });
const files = configMapFiles();
const prometheusYml = files['prometheus.yml'] ?? '';
const TOKEN = 'offline-service-account-token';

afterAll(() => rmSync(work, { recursive: true, force: true }));

function allChecks(): Check[] {
  return [...lab.steps.flatMap((step) => step.checks), ...lab.exercises.flatMap((exercise) => exercise.verify)];
}

/** Every PromQL expression the lab sends to Prometheus: commands shown, checks, exercises. */
function labQueries(): string[] {
  const commands = [
    ...lab.steps.flatMap((step) => step.run),
    ...allChecks().map(checkCommand),
    ...lab.exercises.flatMap((exercise) => [...exercise.break, ...exercise.solve]),
  ];
  const prefix = `${PROMQL_PREFIX} '`;
  return [
    ...new Set(commands.filter((c) => c.startsWith(prefix) && c.endsWith("'")).map((c) => c.slice(prefix.length, -1))),
  ];
}

describe('manifests', () => {
  const documents = readdirSync(join(LAB_DIR, 'manifests')).flatMap((file) =>
    parseAllDocuments(readFileSync(join(LAB_DIR, 'manifests', file), 'utf8')).map((doc) => ({
      file,
      object: doc.toJS() as { apiVersion: string; kind: string; metadata: { namespace?: string } },
    })),
  );

  test('validate against the Kubernetes schemas (the kit validator), and the export passes shellcheck', async () => {
    const report = await validateLab(lab);
    expect(report.problems).toEqual([]);
    expect(report.manifests).toBe(readdirSync(join(LAB_DIR, 'manifests')).length);
  });

  test('namespaced objects live in the namespaces the lab owns and cleans up', () => {
    const used = documents.flatMap((d) => (d.object.metadata.namespace ? [d.object.metadata.namespace] : []));
    expect(new Set(used)).toEqual(new Set(lab.namespaces));
  });

  test('every image a manifest pulls is pinned and listed by the lab', () => {
    const text = readdirSync(join(LAB_DIR, 'manifests'))
      .map((file) => readFileSync(join(LAB_DIR, 'manifests', file), 'utf8'))
      .join('\n');
    const images = [...text.matchAll(/image: (\S+)/g)].map((match) => match[1]);
    expect(new Set(images)).toEqual(new Set(lab.images));
  });
});

describe("Debian's promtool 2.42 on the lab's configuration", () => {
  const saDir = join(work, 'serviceaccount');
  const etcDir = join(work, 'etc');

  beforeAll(async () => {
    mkdirSync(saDir, { recursive: true });
    mkdirSync(etcDir, { recursive: true });
    writeFileSync(join(saDir, 'token'), TOKEN);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(etcDir, name), content);
    const ca = await run(
      `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=offline-cluster-ca -keyout ${saDir}/ca.key -out ${saDir}/ca.crt`,
    );
    expect(ca.exitCode, ca.stderr).toBe(0);
  });

  test('the unmodified config is rejected only because this build lacks Kubernetes discovery', async () => {
    const result = await run(`promtool check config ${join(etcDir, 'prometheus.yml')}`);
    expect(result.exitCode).toBe(1);
    const errors = [...`${result.stdout}${result.stderr}`.matchAll(/line \d+: (.+)/g)].map((match) => match[1]);
    expect(errors).toHaveLength(Object.keys(DISCOVERY).length);
    for (const error of errors) expect(error).toBe('field kubernetes_sd_configs not found in type config.ScrapeConfig');
  });

  test('with static targets in place of discovery, the rest of the config passes', async () => {
    const file = join(work, 'static.yml');
    const addresses = { https: '127.0.0.1:10250', http: '127.0.0.1:8080' };
    writeFileSync(
      file,
      staticVariant(prometheusYml, {
        addresses,
        saDir,
        etcDir,
        prometheusAddress: 'localhost:9090',
        scrapeInterval: '15s',
      }),
    );
    const result = await run(`promtool check config ${file}`);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS: 1 rule files found');
  });

  test('the rule file passes check rules and its unit tests', async () => {
    const checked = await run(`promtool check rules ${join(etcDir, 'container.rules.yml')}`);
    expect(checked.exitCode, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toContain('SUCCESS: 4 rules found');
    writeFileSync(join(etcDir, 'rules.test.yml'), readFileSync(join(LAB_DIR, 'files', 'container-rules.test.yml')));
    const tested = await run(`cd ${etcDir} && promtool test rules rules.test.yml`);
    expect(tested.exitCode, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toContain('SUCCESS');
  });

  test('every PromQL expression of the lab parses', async () => {
    const queries = labQueries();
    expect(queries.length).toBeGreaterThanOrEqual(12);
    const rules = { groups: [{ name: 'lab', rules: queries.map((expr, i) => ({ record: `lab:query_${i}`, expr })) }] };
    const file = join(work, 'queries.rules.yml');
    writeFileSync(file, stringifyYaml(rules));
    const result = await run(`promtool check rules ${file}`);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  test("the exercise's fault changes exactly the cadvisor metrics path", () => {
    const [, from, to] = /^s#(.+)#(.*)#$/.exec(BREAK_SED) ?? [];
    const manifest = readFileSync(join(LAB_DIR, 'manifests', 'prometheus-config.yaml'), 'utf8');
    expect(manifest.split('\n').filter((line) => from && line.includes(from))).toHaveLength(1);
    expect(to).toBe('metrics_path: /metrics');
  });
});

describe("the check on the kubelet's own /metrics", () => {
  const step = lab.steps.find((candidate) => candidate.id === 'find-container-metrics');
  const check = step?.checks.find((candidate) => checkCommand(candidate) === KUBELET_METRICS_COUNT);
  const request = 'kubectl get --raw /api/v1/nodes/fieldlab-control-plane/proxy/metrics | ';
  const kubelet =
    '# HELP kubelet_running_pods Number of pods\nkubelet_running_pods 9\nkubelet_running_containers{container_state="running"} 14\n';
  const cadvisor = 'container_cpu_usage_seconds_total{container="etcd",cpu="total",namespace="kube-system"} 12.5\n';

  test('is the command the step shows, fed by one kubectl request', () => {
    expect(check).toBeDefined();
    expect(step?.run).toContain(KUBELET_METRICS_COUNT);
    expect(KUBELET_METRICS_COUNT.startsWith(request)).toBe(true);
  });

  // The kubectl request is replaced by printf (or by a failing command); the counting
  // part runs for real, under the same `set -euo pipefail` and matcher as in the lab.
  test.each([
    ['passes on kubelet series alone', `printf '${kubelet}'`, true],
    ['fails when a container CPU series is there', `printf '${kubelet}${cadvisor}'`, false],
    ['fails on an empty answer', 'true', false],
    ['fails when kubectl fails', 'false', false],
  ])('%s', async (_, source, passes) => {
    if (check?.type !== 'command') throw new Error('expected a command check');
    const result = await run(`${source} | ${KUBELET_METRICS_COUNT.slice(request.length)}`);
    expect(meets(check.expect, result), `${result.stdout}${result.stderr}`).toBe(passes);
  });
});

describe("Debian's prometheus 2.42 scraping with the lab's relabelling", () => {
  let targets: FakeTargets | undefined;
  let prometheus: RunningPrometheus | undefined;
  const dir = join(work, 'scrape');

  beforeAll(async () => {
    const saDir = join(dir, 'serviceaccount');
    const etcDir = join(dir, 'etc');
    mkdirSync(saDir, { recursive: true });
    mkdirSync(etcDir, { recursive: true });
    writeFileSync(join(saDir, 'token'), TOKEN);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(etcDir, name), content);
    const pki = await run(
      [
        `cd ${dir}`,
        'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=offline-cluster-ca -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign -keyout ca.key -out serviceaccount/ca.crt',
        'openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=kube-apiserver -keyout server.key -out server.csr',
        "printf 'subjectAltName=DNS:kubernetes.default.svc\\nextendedKeyUsage=serverAuth\\n' > server.ext",
        'openssl x509 -req -in server.csr -CA serviceaccount/ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile server.ext -out server.crt',
      ].join('\n'),
    );
    expect(pki.exitCode, pki.stderr).toBe(0);
    targets = await startFakeTargets(
      { cert: readFileSync(join(dir, 'server.crt'), 'utf8'), key: readFileSync(join(dir, 'server.key'), 'utf8') },
      TOKEN,
    );
    const configFile = join(dir, 'prometheus.yml');
    const port = await freePort();
    // A 2s interval (15s in the cluster) only makes the rate() windows fill quickly.
    const config = staticVariant(prometheusYml, {
      addresses: targets.addresses,
      saDir,
      etcDir,
      prometheusAddress: `127.0.0.1:${port}`,
      scrapeInterval: '2s',
    });
    writeFileSync(configFile, config);
    prometheus = await startPrometheus(configFile, join(dir, 'data'), port);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await targets?.close();
  });

  interface Target {
    labels: Record<string, string>;
    scrapeUrl: string;
    health: string;
    lastError: string;
  }

  async function activeTargets(): Promise<Target[]> {
    const response = await fetch(`${prometheus?.url}/api/v1/targets`);
    const body = (await response.json()) as { data: { activeTargets: Target[] } };
    return body.data.activeTargets;
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, what: () => string): Promise<T> {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`timed out waiting for ${what()}`);
  }

  test('relabelling keeps one target per job, with the labels the lab expects', async () => {
    let seen: Target[] = [];
    const up = await eventually(
      async () => {
        seen = await activeTargets();
        const scraped = seen.filter((t) => t.health !== 'unknown');
        return scraped.length === 7 ? scraped : undefined;
      },
      () => `seven scraped targets; saw ${JSON.stringify(seen.map((t) => [t.labels.job, t.health, t.lastError]))}`,
    );
    // As on kind: the node role finds the scheduler and the controller-manager at the node's
    // address, where nothing listens on their ports (they bind to the node's loopback).
    const down = up.filter((t) => t.health === 'down');
    expect(down.map((t) => t.labels.job).sort()).toEqual(['kube-controller-manager', 'kube-scheduler']);
    for (const t of down) expect(t.lastError).toMatch(/connection refused/);
    const host = targets?.addresses.https.replace(/:\d+$/, '');
    expect(down.map((t) => t.scrapeUrl).sort()).toEqual([
      `https://${host}:10257/metrics`,
      `https://${host}:10259/metrics`,
    ]);
    const byJob = Object.fromEntries(up.filter((t) => t.health === 'up').map((t) => [t.labels.job, t]));
    expect(Object.keys(byJob).sort()).toEqual(['apiserver', 'cadvisor', 'kube-state-metrics', 'kubelet', 'prometheus']);
    expect(byJob.kubelet?.labels).toEqual({
      instance: 'fieldlab-control-plane',
      job: 'kubelet',
      node: 'fieldlab-control-plane',
    });
    expect(byJob.cadvisor?.labels.node).toBe('fieldlab-control-plane');
    expect(byJob.cadvisor?.scrapeUrl).toBe(`https://${targets?.addresses.https}/metrics/cadvisor`);
    expect(byJob.apiserver?.scrapeUrl).toBe(`https://${targets?.addresses.https}/metrics`);
    expect(byJob['kube-state-metrics']?.scrapeUrl).toBe(`http://${targets?.addresses.http}/metrics`);
    expect(targets?.refused()).toBe(0);
  });

  test('the keep rules drop the endpoints of other Services and ports', async () => {
    const response = await fetch(`${prometheus?.url}/api/v1/targets?state=dropped`);
    const body = (await response.json()) as {
      data: { droppedTargets: { discoveredLabels: Record<string, string> }[] };
    };
    const dropped = body.data.droppedTargets.map(
      (t) => `${t.discoveredLabels.job}/${t.discoveredLabels.__meta_kubernetes_service_name}`,
    );
    expect(dropped.sort()).toEqual(['apiserver/some-app', 'kube-state-metrics/prometheus']);
  });

  test('metric relabelling drops the cAdvisor series nobody queries', async () => {
    const query = async (expr: string) => {
      const response = await fetch(`${prometheus?.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      return ((await response.json()) as { data: { result: unknown[] } }).data.result;
    };
    await eventually(
      async () => ((await query('container_cpu_usage_seconds_total')).length > 0 ? true : undefined),
      () => 'cAdvisor series',
    );
    expect(await query('container_tasks_state')).toEqual([]);
  });

  // The cluster checks that ask Prometheus, run with Debian's promtool against this
  // server and judged by the kit's own matcher. The alert step is left out: its
  // two-minute `for` is covered by the rule unit tests.
  const offlineSteps = [
    'targets-up',
    'deploy-kube-state-metrics',
    'query-cpu-memory',
    'query-throttling',
    'query-restarts',
  ];
  const promqlChecks = [
    ...lab.steps.filter((step) => offlineSteps.includes(step.id)).flatMap((step) => step.checks),
    ...lab.exercises.flatMap((exercise) => exercise.verify),
  ].filter((check) => checkCommand(check).startsWith(PROMQL_PREFIX));

  test.each(promqlChecks.map((check) => [check.proves.en, check]))('check passes offline: %s', async (_, check) => {
    if (check.type !== 'command') throw new Error('expected a command check');
    // Scrapes come every 2s here instead of 15s, so a [2m] window shrinks to [16s]: the same
    // eight scrapes. A rate() over a window longer than the series' life reads low, and the
    // cluster check waits for its window to fill; waiting two minutes here would prove nothing more.
    const command = check.run
      .replace(PROMQL_PREFIX, `promtool query instant ${prometheus?.url}`)
      .replaceAll('[2m]', '[16s]');
    let last = '';
    await eventually(
      async () => {
        const result = await run(command);
        last = `${result.stdout}${result.stderr}`;
        return meets(check.expect, result) ? true : undefined;
      },
      () => `${command} to meet ${JSON.stringify(check.expect)}; last output: ${last}`,
    );
  });
});
