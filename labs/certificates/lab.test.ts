import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../kit/paths.ts';
import { parseLab } from '../kit/registry.ts';
import { validateLab } from '../kit/validate/labs.ts';
import { validateManifest } from '../kit/validate/manifests.ts';
import definition from './lab.ts';

const lab = parseLab(definition, 'labs/certificates/lab.ts', 'certificates');
const run = promisify(execFile);

let state: string;
let work: string;

/** The lab CLI exactly as a reader starts it, isolated in this test's own state folder. */
function cli(...args: string[]) {
  const env = { ...process.env, LAB_STATE_DIR: state, CI: 'true' };
  return spawnSync(process.execPath, ['scripts/lab.ts', ...args], { cwd: repoRoot, env, encoding: 'utf8' });
}

/** openssl in the work folder; throws with its stderr when it fails. */
function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function handshake(cwd: string, env: NodeJS.ProcessEnv, ...certAndKey: string[]) {
  return spawnSync('bash', [join(work, 'files/mtls-handshake.sh'), ...certAndKey], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

const DAY_MS = 86_400_000;

function lifetimeDays(cert: string): number {
  const dates = openssl('x509', '-in', cert, '-noout', '-startdate', '-enddate');
  const start = /notBefore=(.+)/.exec(dates)?.[1];
  const end = /notAfter=(.+)/.exec(dates)?.[1];
  if (!start || !end) throw new Error(`no validity dates in: ${dates}`);
  return (Date.parse(end) - Date.parse(start)) / DAY_MS;
}

beforeAll(() => {
  state = mkdtempSync(join(tmpdir(), 'certificates-lab-'));
  work = join(state, '.lab-work', 'certificates');
});
afterAll(() => rmSync(state, { recursive: true, force: true }));

describe('definition', () => {
  test('parses, and every exercise is a host exercise built on host steps', () => {
    expect(lab.steps.filter((step) => step.where === 'host').length).toBeGreaterThanOrEqual(5);
    expect(lab.exercises.map((exercise) => exercise.id)).toEqual(expect.arrayContaining(['wrong-san', 'foreign-ca']));
    for (const exercise of lab.exercises) {
      expect(exercise.where).toBe('host');
      for (const id of exercise.after) expect(lab.steps.find((step) => step.id === id)?.where).toBe('host');
    }
  });

  test('the user kubeconfig is a file in the work folder, never the default one', () => {
    const commands = lab.steps.flatMap((step) => step.run).join('\n');
    expect(commands).not.toMatch(/\.kube\/config/);
    for (const command of commands.split('\n').filter((line) => line.startsWith('kubectl config set-'))) {
      expect(command).toContain('--kubeconfig=jane.kubeconfig');
    }
  });

  test('manifests validate and the bash export passes shellcheck', async () => {
    const report = await validateLab(lab);
    expect(report.problems).toEqual([]);
    expect(report.manifests).toBe(2);
  });

  test('the helper scripts pass shellcheck', async () => {
    const scripts = [
      'mtls-handshake.sh',
      'kubeconfig-subjects.sh',
      'apiserver-serials.sh',
      'restart-static-pod.sh',
    ].map((name) => join(import.meta.dirname, 'files', name));
    await expect(run('shellcheck', ['--shell=bash', ...scripts])).resolves.toBeDefined();
  });
});

describe('run certificates --only host', () => {
  beforeAll(() => {
    const result = cli('run', 'certificates', '--only', 'host');
    if (result.status !== 0)
      throw new Error(`run --only host exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }, 60_000);

  test('the serving and client certificates chain to the CA', () => {
    expect(openssl('verify', '-CAfile', 'pki/ca.crt', 'pki/apiserver.crt', 'pki/client.crt')).toBe(
      'pki/apiserver.crt: OK\npki/client.crt: OK\n',
    );
    expect(openssl('x509', '-in', 'pki/ca.crt', '-noout', '-ext', 'basicConstraints')).toMatch(/CA:TRUE/);
  });

  test('the serving certificate carries every SAN a client dials', () => {
    const sans = openssl('x509', '-in', 'pki/apiserver.crt', '-noout', '-ext', 'subjectAltName')
      .split('\n')[1]
      ?.trim()
      .split(', ');
    expect(sans).toEqual(
      expect.arrayContaining([
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
        'IP Address:10.96.0.1',
        'IP Address:172.18.0.2',
      ]),
    );
  });

  test('server and client certificates carry one extended usage each', () => {
    const usage = (cert: string) =>
      openssl('x509', '-in', cert, '-noout', '-ext', 'extendedKeyUsage').split('\n')[1]?.trim();
    expect(usage('pki/apiserver.crt')).toBe('TLS Web Server Authentication');
    expect(usage('pki/client.crt')).toBe('TLS Web Client Authentication');
    expect(openssl('x509', '-in', 'pki/client.crt', '-noout', '-subject').trim()).toBe(
      'subject=O = fieldlab-ops, CN = alice',
    );
  });

  test('leaf certificates live at most 365 days', () => {
    for (const cert of ['pki/apiserver.crt', 'pki/client.crt']) {
      const days = lifetimeDays(cert);
      expect(days).toBeGreaterThan(300);
      expect(days).toBeLessThanOrEqual(365);
    }
  });

  test('keys are RSA 2048 or ECDSA P-256, and only their owner can read them', () => {
    for (const key of ['pki/ca.key', 'pki/apiserver.key', 'pki/client.key']) {
      expect(openssl('pkey', '-in', key, '-noout', '-text').split('\n')[0]).toMatch(/Private-Key: \(2048 bit/);
    }
    for (const key of ['pki/other-ca.key', 'jane.key']) {
      const text = openssl('pkey', '-in', key, '-noout', '-text');
      expect(text).toMatch(/Private-Key: \(256 bit\)/);
      expect(text).toContain('ASN1 OID: prime256v1');
    }
    for (const key of ['pki/ca.key', 'pki/apiserver.key', 'pki/client.key', 'pki/other-ca.key', 'jane.key']) {
      expect((statSync(join(work, key)).mode & 0o777).toString(8), key).toBe('600');
    }
  });

  test('the mutual-TLS handshake needs the right client certificate', () => {
    const accepted = handshake(work, {}, 'pki/client.crt', 'pki/client.key');
    expect(accepted.stdout).toContain('accepted');
    expect(accepted.status).toBe(0);
    const anonymous = handshake(work, {});
    expect(anonymous.stdout).toContain('peer did not return a certificate');
    expect(anonymous.status).toBe(1);
  });

  test('a client certificate from a CA made here, outside the lab, is refused, and the server is stopped', () => {
    const own = mkdtempSync(join(tmpdir(), 'certificates-foreign-'));
    try {
      const sh = (command: string) => execFileSync('bash', ['-c', command], { cwd: own, stdio: 'pipe' });
      sh(
        'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -subj /CN=fieldlab-ca -days 30',
      );
      sh(
        'openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout c.key -out c.csr -subj /CN=alice',
      );
      sh(
        `printf 'extendedKeyUsage = clientAuth\\n' > ext && openssl x509 -req -in c.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile ext -out c.crt`,
      );
      // An absolute PKI_DIR makes this server's command line unique, so we can look for a leftover process.
      const refused = handshake(own, { PKI_DIR: join(work, 'pki') }, join(own, 'c.crt'), join(own, 'c.key'));
      expect(refused.stdout).toContain('refused');
      expect(refused.stdout).toMatch(/unknown ca|unable to get local issuer certificate/);
      expect(refused.status).toBe(1);
      const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      expect(processes).not.toContain(`s_server -accept 127.0.0.1:0 -naccept 1 -www -cert ${join(work, 'pki')}`);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  test('the lab itself proved the foreign certificate is refused', () => {
    expect(handshake(work, {}, 'pki/alice-other-ca.crt', 'pki/client.key').status).toBe(1);
  });

  test("Jane's request, filled into the CSR template, is a valid CertificateSigningRequest", async () => {
    const csr = openssl('base64', '-A', '-in', 'jane.csr');
    const manifest = readFileSync(join(work, 'files/jane-csr.yaml'), 'utf8').replaceAll('CSR_BASE64', csr);
    expect(await validateManifest('files/jane-csr.yaml', manifest)).toEqual({ problems: [], images: [] });
    expect(openssl('req', '-in', 'jane.csr', '-noout', '-subject').trim()).toBe('subject=O = fieldlab-devs, CN = jane');
  });

  describe.each(lab.exercises.map((exercise) => exercise.id))('exercise %s', (id) => {
    test('break makes verify fail; solve makes it pass', () => {
      const broken = cli('break', 'certificates', id);
      expect(broken.status, broken.stderr).toBe(0);
      const failing = cli('verify', 'certificates', id);
      expect(failing.stderr).toContain('Not fixed yet');
      expect(failing.status).not.toBe(0);
      const solved = cli('solve', 'certificates', id);
      expect(solved.status, solved.stderr).toBe(0);
      const passing = cli('verify', 'certificates', id);
      expect(passing.status, passing.stderr).toBe(0);
    }, 30_000);
  });
});

/**
 * restart-static-pod.sh against a node in miniature: `docker exec NODE …` runs the command on this machine with
 * /etc/kubernetes mapped into a temporary folder, `crictl` plays a kubelet (the container stops once the manifest
 * is gone and a new one starts once it is back, or never stops when FAKE_KUBELET=stuck), `kubectl` answers /readyz.
 */
describe('restart-static-pod.sh', () => {
  const script = join(import.meta.dirname, 'files', 'restart-static-pod.sh');
  let root: string;
  const manifest = () => join(root, 'etc/kubernetes/manifests/kube-apiserver.yaml');
  const parked = () => join(root, 'etc/kubernetes/kube-apiserver.yaml.parked');

  function tool(name: string, body: string) {
    const file = join(root, 'bin', name);
    writeFileSync(file, `#!/usr/bin/env bash\nset -euo pipefail\n${body}\n`);
    chmodSync(file, 0o755);
  }

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'certificates-restart-'));
    mkdirSync(join(root, 'bin'));
    tool(
      'docker',
      [
        '[ "$1" = exec ] || exit 2',
        'shift 2',
        'for a do shift; set -- "$@" "$(printf %s "$a" | sed "s|/etc/kubernetes|$FAKE_ROOT/etc/kubernetes|g")"; done',
        'exec "$@"',
      ].join('\n'),
    );
    tool(
      'crictl',
      [
        '[ "$*" = "ps -q --name ^kube-apiserver\\$" ] || { echo "unexpected: crictl $*" >&2; exit 2; }',
        'if [ "$FAKE_KUBELET" = stuck ]; then echo old-container; exit 0; fi',
        'if [ -f "$FAKE_ROOT/etc/kubernetes/manifests/kube-apiserver.yaml" ]; then',
        '  if [ -f "$FAKE_ROOT/stopped" ]; then echo new-container; else echo old-container; fi',
        'else',
        '  touch "$FAKE_ROOT/stopped"',
        'fi',
      ].join('\n'),
    );
    tool('kubectl', '[ "$*" = "get --raw=/readyz" ] && printf ok');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A fresh node: the manifest in place (or parked, as an interrupted run leaves it) and the old container running. */
  function freshNode(where: 'manifests' | 'parked') {
    rmSync(join(root, 'etc'), { recursive: true, force: true });
    rmSync(join(root, 'stopped'), { force: true });
    mkdirSync(join(root, 'etc/kubernetes/manifests'), { recursive: true });
    writeFileSync(where === 'manifests' ? manifest() : parked(), 'kind: Pod\n');
  }

  function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const path = `${join(root, 'bin')}:${process.env.PATH ?? ''}`;
    return { ...process.env, PATH: path, FAKE_ROOT: root, FAKE_KUBELET: 'kubelet', ...extra };
  }

  test('stops the old container, puts the manifest back and waits for a new one and for /readyz', () => {
    freshNode('manifests');
    const result = spawnSync('bash', [script, 'fieldlab-control-plane', 'kube-apiserver'], {
      env: env(),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('running container: old-container');
    expect(result.stdout).toContain('new container:     new-container');
    expect(result.stdout).toContain('the API server answers /readyz: ok');
    expect(existsSync(join(root, 'stopped'))).toBe(true);
    expect(readFileSync(manifest(), 'utf8')).toBe('kind: Pod\n');
    expect(existsSync(parked())).toBe(false);
  });

  test('a manifest left parked by an interrupted run goes back first', () => {
    freshNode('parked');
    const result = spawnSync('bash', [script, 'fieldlab-control-plane', 'kube-apiserver'], {
      env: env(),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(manifest())).toBe(true);
    expect(existsSync(parked())).toBe(false);
  });

  test('when the kubelet never stops the Pod, it gives up in time and the manifest is back', () => {
    freshNode('manifests');
    const result = spawnSync('bash', [script, 'fieldlab-control-plane', 'kube-apiserver'], {
      env: env({ FAKE_KUBELET: 'stuck', RESTART_TIMEOUT: '3' }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('gave up after 3s waiting for the kubelet to stop kube-apiserver');
    expect(existsSync(manifest())).toBe(true);
    expect(existsSync(parked())).toBe(false);
  });

  test('stopped with SIGTERM while it waits, it still puts the manifest back', async () => {
    freshNode('manifests');
    const child = spawn('bash', [script, 'fieldlab-control-plane', 'kube-apiserver'], {
      env: env({ FAKE_KUBELET: 'stuck', RESTART_TIMEOUT: '60' }),
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait until the script has parked the manifest, then stop it the way a step timeout does.
    for (let tries = 0; !existsSync(parked()) && tries < 100; tries++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(parked())).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(existsSync(manifest())).toBe(true);
    expect(existsSync(parked())).toBe(false);
  }, 30_000);
});
