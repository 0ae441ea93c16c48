import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { meets } from '../kit/checks.ts';
import { parseAllDocuments } from '../kit/deps.ts';
import { parseLab } from '../kit/registry.ts';
import { sh } from '../kit/sh.ts';
import { describeAsRoot } from '../kit/testing/root.ts';
import { validateLab } from '../kit/validate/labs.ts';
import definition from './lab.ts';
import { Sandbox } from './sandbox.ts';

const here = import.meta.dirname;
const lab = parseLab(definition, 'labs/blackbox/lab.ts', 'blackbox');

/** The data of a ConfigMap in one of the lab's manifests, key by key, exactly as applied. */
function configMapData(file: string, name: string): Record<string, string> {
  const docs = parseAllDocuments(readFileSync(join(here, 'manifests', file), 'utf8')).map((doc) => doc.toJS());
  const map = docs.find((doc) => doc?.kind === 'ConfigMap' && doc.metadata?.name === name);
  if (!map) throw new Error(`no ConfigMap ${name} in manifests/${file}`);
  return map.data as Record<string, string>;
}

const exporterData = configMapData('blackbox-config.yaml', 'blackbox-config');
const promData = configMapData('prometheus-config.yaml', 'prometheus-config');
const exporterConfig = exporterData['blackbox.yml'] as string;

function writeAll(dir: string, data: Record<string, string>): void {
  for (const [key, content] of Object.entries(data)) writeFileSync(join(dir, key), content);
}

const local = { cwd: here, env: process.env, timeoutMs: 30_000 };

describe('manifests', () => {
  // The kit's validator: schemas and unknown fields, retired apiVersions, every image pinned and listed in lab.ts,
  // cleanup coverage, and shellcheck of the bash export.
  test('validate against the Kubernetes schemas, images pinned and listed, export passes shellcheck', async () => {
    const report = await validateLab(lab);
    expect(report.problems).toEqual([]);
    expect(report.manifests).toBeGreaterThan(0);
  });
});

describe('configs pass the real tools (Debian: blackbox exporter 0.23, Prometheus 2.42)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'blackbox-config-'));
    writeAll(dir, promData);
    writeFileSync(join(dir, 'blackbox.yml'), exporterConfig);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the exporter config from the ConfigMap passes --config.check', async () => {
    const result = await sh('prometheus-blackbox-exporter --config.file=blackbox.yml --config.check', {
      ...local,
      cwd: dir,
    });
    expect(result.stderr).toContain('Config file is ok');
    expect(result.exitCode).toBe(0);
  });

  test('a module with an unknown field fails --config.check, so the check has teeth', async () => {
    writeFileSync(join(dir, 'bad.yml'), exporterConfig.replace('fail_if_not_ssl: true', 'fail_if_not_tls: true'));
    const result = await sh('prometheus-blackbox-exporter --config.file=bad.yml --config.check', {
      ...local,
      cwd: dir,
    });
    expect(result.exitCode).not.toBe(0);
  });

  // The jobs use static_configs only, so Debian's build (no Kubernetes discovery) checks them as they are.
  test('promtool check config accepts prometheus.yml as shipped', async () => {
    const result = await sh('promtool check config prometheus.yml', { ...local, cwd: dir });
    expect(result.stdout).toContain('SUCCESS: 1 rule files found');
    expect(result.exitCode).toBe(0);
  });

  test('promtool check rules accepts the alert rules', async () => {
    const result = await sh('promtool check rules blackbox-alerts.yml', { ...local, cwd: dir });
    expect(result.stdout).toContain('SUCCESS: 3 rules found');
  });

  test('the alert unit tests pass', async () => {
    const result = await sh('promtool test rules blackbox-alerts.test.yml', { ...local, cwd: dir });
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.exitCode).toBe(0);
  });

  test('promtool test rules needs a writable temp directory, which the read-only Prometheus Pod gets at /tmp', async () => {
    const noTmp = { ...process.env, TMPDIR: join(dir, 'no-such-directory') };
    const refused = await sh('promtool test rules blackbox-alerts.test.yml', { ...local, cwd: dir, env: noTmp });
    expect(refused.exitCode).not.toBe(0);

    type Mount = { name: string; mountPath: string };
    type PodSpec = {
      containers: { name: string; securityContext?: { readOnlyRootFilesystem?: boolean }; volumeMounts?: Mount[] }[];
      volumes?: { name: string; emptyDir?: object }[];
    };
    const docs = parseAllDocuments(readFileSync(join(here, 'manifests', 'prometheus.yaml'), 'utf8')).map((doc) =>
      doc.toJS(),
    );
    const pod = docs.find((doc) => doc?.kind === 'Deployment')?.spec?.template?.spec as PodSpec | undefined;
    const container = pod?.containers.find((c) => c.name === 'prometheus');
    expect(container?.securityContext?.readOnlyRootFilesystem).toBe(true);
    const tmp = container?.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
    expect(tmp).toBeDefined();
    expect(pod?.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
  });

  test('the unit tests fail when a rule is wrong', async () => {
    const broken = (promData['blackbox-alerts.yml'] as string).replace('< 14 * 86400', '< 5 * 86400');
    writeFileSync(join(dir, 'blackbox-alerts.yml'), broken);
    const result = await sh('promtool test rules blackbox-alerts.test.yml', { ...local, cwd: dir });
    writeFileSync(join(dir, 'blackbox-alerts.yml'), promData['blackbox-alerts.yml'] as string);
    expect(result.exitCode).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('CertificateExpiringSoon');
  });
});

/** Metric lines of an exposition page: `name{labels} value` → value, keyed by `name{labels}`. */
function metrics(page: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of page.split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match?.[1] && match[2]) out.set(match[1], Number(match[2]));
  }
  return out;
}

const IN_POD = /^kubectl -n blackbox-lab exec deploy\/(prometheus|blackbox-exporter) -- /;
/** Commands the Pods run against their own localhost: Debian's promtool and the exporter can run them too. */
const offlineRunnable = (command: string) =>
  IN_POD.test(command) && (command.includes(' promtool ') || command.includes('http://localhost:9115/probe'));
/** Without an API server, cluster DNS for the headless Service, and within a minute, these can only be proven to parse and run. */
const valueNeedsCluster = (command: string) => /ALERTS|blackbox-apiserver|blackbox-icmp/.test(command);

describeAsRoot("the lab's own configs probing nginx and dnsmasq on loopback (needs root)", () => {
  // Made in beforeAll, not while the file is collected: as a normal user this block is skipped, and a
  // sandbox made at collection would be left behind (its afterAll never runs).
  let box: Sandbox;
  let nginxDir: string;
  let workDir: string;

  beforeAll(async () => {
    box = new Sandbox();
    nginxDir = join(box.dir, 'nginx');
    workDir = join(box.dir, 'work');
    // The certificate comes from the lab's own host step, run as the kit runs it.
    const hostStep = lab.steps.find((step) => step.id === 'web-certificate');
    if (!hostStep) throw new Error('the lab lost its web-certificate step');
    await sh(`mkdir -p ${workDir}`, local);
    for (const command of hostStep.run) {
      const result = await sh(command, { ...local, cwd: workDir, env: { ...process.env, KUBECONFIG: '/dev/null' } });
      if (result.exitCode !== 0) throw new Error(`${command}: ${result.stderr}`);
    }
    const crt = readFileSync(join(workDir, 'certs/web.crt'), 'utf8');
    const key = readFileSync(join(workDir, 'certs/web.key'), 'utf8');

    // Service names resolve to loopback; every other name gets NXDOMAIN from the kube-dns stand-in.
    box.etc(
      'hosts',
      '127.0.0.1 localhost web.blackbox-lab.svc web-pods.blackbox-lab.svc kube-dns.kube-system.svc blackbox-exporter.blackbox-lab.svc\n',
    );
    box.etc('resolv.conf', 'nameserver 127.0.0.1\n');
    box.etc('nsswitch.conf', 'hosts: files dns\n');
    // The lab's files at the paths its Pods mount them.
    box.etc('nginx/conf.d/web.conf', configMapData('web.yaml', 'web-config')['web.conf'] as string);
    box.etc('nginx/tls/tls.crt', crt);
    box.etc('nginx/tls/tls.key', key);
    box.etc('blackbox/blackbox.yml', exporterConfig);
    box.etc('blackbox/web-ca.crt', crt);
    for (const [name, content] of Object.entries(promData)) {
      // The test copy scrapes and evaluates every second; nothing else changes.
      box.etc(`prometheus/${name}`, content.replace(/(scrape|evaluation)_interval: 10s/g, '$1_interval: 1s'));
    }
    await sh(`mkdir -p ${nginxDir}`, local);
    writeFileSync(
      join(nginxDir, 'nginx.conf'),
      [
        'daemon off;',
        'master_process off;',
        `pid ${nginxDir}/nginx.pid;`,
        'events {}',
        'http {',
        '  access_log off;',
        `  client_body_temp_path ${nginxDir}/body;`,
        `  proxy_temp_path ${nginxDir}/proxy;`,
        `  fastcgi_temp_path ${nginxDir}/fastcgi;`,
        '  include /etc/nginx/conf.d/web.conf;',
        '}',
        '',
      ].join('\n'),
    );

    await box.start();
    const dnsmasq = (port: number, answer: string) => [
      'dnsmasq',
      '--conf-file=/dev/null',
      '--no-daemon',
      `--port=${port}`,
      '--listen-address=127.0.0.1',
      '--bind-interfaces',
      '--no-resolv',
      '--no-hosts',
      `--pid-file=${box.dir}/dnsmasq-${port}.pid`,
      `--address=/kubernetes.default.svc.cluster.local/${answer}`,
      '--local=/cluster.local/',
      '--local=/svc/',
    ];
    box.daemon('nginx', [
      'nginx',
      '-p',
      nginxDir,
      '-c',
      join(nginxDir, 'nginx.conf'),
      '-e',
      join(nginxDir, 'error.log'),
    ]);
    box.daemon('dnsmasq', dnsmasq(53, '10.96.0.1'));
    box.daemon('dnsmasq-wrong', dnsmasq(5454, '10.96.0.99'));
    const exporter = ['prometheus-blackbox-exporter', '--config.file=/etc/blackbox/blackbox.yml'];
    box.daemon('exporter', [...exporter, '--web.listen-address=127.0.0.1:9115'], '/etc/blackbox');
    box.daemon(
      'exporter-nobody',
      [
        'setpriv',
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        ...exporter,
        '--web.listen-address=127.0.0.1:9116',
      ],
      '/etc/blackbox',
    );
    box.daemon('prometheus', [
      'prometheus',
      '--config.file=/etc/prometheus/prometheus.yml',
      `--storage.tsdb.path=${box.dir}/tsdb`,
      '--web.listen-address=127.0.0.1:9090',
    ]);
    for (const url of [
      'http://127.0.0.1:8080/',
      'http://127.0.0.1:9115/-/healthy',
      'http://127.0.0.1:9116/-/healthy',
    ]) {
      await box.waitFor(`curl -sf ${url}`);
    }
    await box.waitFor(
      'dig +short +time=1 @127.0.0.1 kubernetes.default.svc.cluster.local',
      (out) => out.trim() === '10.96.0.1',
    );
  });

  afterAll(async () => {
    await box?.stop();
  });

  async function probe(module: string, target: string, port = 9115): Promise<Map<string, number>> {
    const url = `http://127.0.0.1:${port}/probe?module=${module}&target=${encodeURIComponent(target)}`;
    const result = await box.run(`curl -s '${url}'`);
    expect(result.exitCode).toBe(0);
    return metrics(result.stdout);
  }

  test('http_2xx passes a 200 and fails a 500', async () => {
    const ok = await probe('http_2xx', 'http://web.blackbox-lab.svc:8080/');
    expect(ok.get('probe_success')).toBe(1);
    expect(ok.get('probe_http_status_code')).toBe(200);
    const broken = await probe('http_2xx', 'http://web.blackbox-lab.svc:8080/broken');
    expect(broken.get('probe_success')).toBe(0);
    expect(broken.get('probe_http_status_code')).toBe(500);
  });

  test('http_2xx fails a name that does not resolve, before any request', async () => {
    const missing = await probe('http_2xx', 'http://no-such-service.blackbox-lab.svc:8080/');
    expect(missing.get('probe_success')).toBe(0);
    expect(missing.get('probe_http_status_code')).toBe(0);
  });

  test('https_web trusts the Secret certificate and reports its expiry', async () => {
    const tls = await probe('https_web', 'https://web.blackbox-lab.svc:8443/');
    expect(tls.get('probe_success')).toBe(1);
    expect(tls.get('probe_http_ssl')).toBe(1);
    const daysLeft = ((tls.get('probe_ssl_earliest_cert_expiry') ?? 0) - Date.now() / 1000) / 86400;
    expect(daysLeft).toBeGreaterThan(6.9);
    expect(daysLeft).toBeLessThanOrEqual(7);
  });

  test('dns_kubernetes passes the right answer and fails a wrong one or a dead port', async () => {
    const good = await probe('dns_kubernetes', 'kube-dns.kube-system.svc:53');
    expect(good.get('probe_success')).toBe(1);
    expect(good.get('probe_dns_answer_rrs')).toBe(1);
    const wrong = await probe('dns_kubernetes', '127.0.0.1:5454');
    expect(wrong.get('probe_dns_answer_rrs')).toBe(1);
    expect(wrong.get('probe_success')).toBe(0);
    const dead = await probe('dns_kubernetes', 'web-pods.blackbox-lab.svc:5353');
    expect(dead.get('probe_success')).toBe(0);
  });

  test('tcp_connect passes an open port and fails a closed one', async () => {
    expect((await probe('tcp_connect', 'web.blackbox-lab.svc:8443')).get('probe_success')).toBe(1);
    expect((await probe('tcp_connect', 'kube-dns.kube-system.svc:53')).get('probe_success')).toBe(1);
    expect((await probe('tcp_connect', 'web.blackbox-lab.svc:9')).get('probe_success')).toBe(0);
  });

  test('icmp needs CAP_NET_RAW or a group in net.ipv4.ping_group_range', async () => {
    expect((await box.run('cat /proc/sys/net/ipv4/ping_group_range')).stdout).toMatch(/^1\s+0$/m);
    expect((await probe('icmp', '127.0.0.1')).get('probe_success')).toBe(1); // root: raw socket
    expect((await probe('icmp', '127.0.0.1', 9116)).get('probe_success')).toBe(0); // nobody, no capability
    await box.run('echo "65534 65534" > /proc/sys/net/ipv4/ping_group_range');
    expect((await probe('icmp', '127.0.0.1', 9116)).get('probe_success')).toBe(1); // nobody, ping socket
  });

  test('Prometheus drives the probes through the relabelling, as shipped', async () => {
    const targets = await box.waitFor('curl -s http://127.0.0.1:9090/api/v1/targets', (out) =>
      out.includes('no-such-service'),
    );
    const active = (
      JSON.parse(targets.stdout) as { data: { activeTargets: { scrapeUrl: string; labels: Record<string, string> }[] } }
    ).data.activeTargets;
    const broken = active.find((target) => target.labels.instance === 'http://web.blackbox-lab.svc:8080/broken');
    expect(broken?.labels.job).toBe('blackbox-http');
    expect(broken?.scrapeUrl).toBe(
      'http://blackbox-exporter.blackbox-lab.svc:9115/probe?module=http_2xx&target=http%3A%2F%2Fweb.blackbox-lab.svc%3A8080%2Fbroken',
    );

    const query = async (expr: string) => {
      const done = await box.waitFor(
        `curl -s http://127.0.0.1:9090/api/v1/query --data-urlencode 'query=${expr}'`,
        (out) => (JSON.parse(out) as { data: { result: unknown[] } }).data.result.length === 9,
      );
      const body = JSON.parse(done.stdout) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return Object.fromEntries(
        body.data.result.map((row) => [`${row.metric.job} ${row.metric.instance}`, Number(row.value[1])]),
      );
    };
    expect(await query('probe_success')).toEqual({
      'blackbox-http http://web.blackbox-lab.svc:8080/': 1,
      'blackbox-http http://web.blackbox-lab.svc:8080/broken': 0,
      'blackbox-http http://no-such-service.blackbox-lab.svc:8080/': 0,
      'blackbox-tls https://web.blackbox-lab.svc:8443/': 1,
      // No API server offline: the name gets NXDOMAIN. The cluster tier proves this one.
      'blackbox-apiserver https://kubernetes.default.svc/readyz': 0,
      'blackbox-dns kube-dns.kube-system.svc:53': 1,
      'blackbox-dns web-pods.blackbox-lab.svc:5353': 0,
      'blackbox-tcp web.blackbox-lab.svc:8443': 1,
      'blackbox-tcp kube-dns.kube-system.svc:53': 1,
    });
    // up measures the exporter, not the target: 1 for every probe, failed or not.
    expect(Object.values(await query('up{job!="blackbox-exporter"}'))).toEqual(Array(9).fill(1));
  });

  // The checks and commands of lab.ts, minus `kubectl exec`, run by Debian's promtool and exporter.
  const commands = lab.steps.flatMap((step) => [
    ...step.run.map((run) => ({ step: step.id, run, expect: undefined })),
    ...step.checks.flatMap((check) =>
      check.type === 'command' ? [{ step: step.id, run: check.run, expect: check.expect }] : [],
    ),
  ]);
  const runnable = commands.filter((command) => offlineRunnable(command.run));

  test('the offline runner covers the Prometheus and probe commands of the lab', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(25);
  });

  test('promtool query fails on PromQL that does not parse, so the next tests have teeth', async () => {
    const result = await box.run("promtool query instant http://localhost:9090 'probe_success{job='");
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/parse error/);
  });

  test.each(runnable.map((command) => [command.step, command.run.replace(IN_POD, ''), command.expect] as const))(
    '%s: %s',
    async (_step, run, expectation) => {
      const strict = expectation !== undefined && !valueNeedsCluster(run);
      const last = strict
        ? await box.waitFor(run, (stdout) => meets(expectation, { exitCode: 0, stdout, stderr: '' }), 20_000)
        : await box.run(run);
      expect(last.stderr).not.toMatch(/parse error|bad_data/);
      if (strict) expect(meets(expectation, last)).toBe(true);
      else expect(last.exitCode).toBe(0);
    },
  );
});
