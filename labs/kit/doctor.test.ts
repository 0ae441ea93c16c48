// The doctor against fake docker, podman and openssl executables on PATH, and registries played by HTTP(S)
// servers on 127.0.0.1 (unit tests; no cluster, and no traffic leaves the loopback interface).
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { addLab, calls, cli, DEMO_FILES, demoLab, rule, type Sandbox, sandbox } from './testing/harness.ts';
import { closedPort, registry, silent } from './testing/servers.ts';

const GIB = 2 ** 30;

/** A sandbox with the demo lab (busybox from docker.io) and the fakes, podman's included. */
function box(overrides: Record<string, string> = {}): Sandbox {
  const made = sandbox(['docker', 'kind', 'kubectl', 'podman']);
  addLab(made, 'demo', demoLab(overrides), DEMO_FILES);
  return made;
}

/** A one-line executable in the sandbox's bin, ahead of the system's on PATH. */
function fakeTool(made: Sandbox, name: string, script: string): void {
  const file = join(made.bin, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
}

function lineOf(stdout: string, start: RegExp): string {
  return stdout.split('\n').find((line) => start.test(line)) ?? `(no line matching ${start} in:\n${stdout})`;
}

/** A self-signed certificate for 127.0.0.1, made with the real openssl. */
function loopbackCertificate(made: Sandbox): { key: string; cert: string; caFile: string } {
  const key = join(made.root, 'registry.key');
  const cert = join(made.root, 'registry.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  chmodSync(key, 0o600);
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8'), caFile: cert };
}

describe('doctor: the engine’s memory (unit tests with fake engines)', () => {
  test('a Docker engine with 2 GiB fails the memory check, whatever this machine has', async () => {
    const made = box();
    const result = await cli(made, ['doctor', 'demo', '--offline'], { FAKE_DOCKER_MEMTOTAL: String(2 * GIB) });
    expect(result.code).toBe(1);
    const line = lineOf(result.stdout, /memory/);
    expect(line).toMatch(
      /^✘ memory ≥ 4 GiB +2\.0 GiB \(what the docker engine reports\) +→ give the container engine at least 4 GiB/,
    );
    expect(line).toContain('Docker Desktop: Settings → Resources');
    expect(calls(made).map((call) => call.line)).toContain('docker info --format {{.MemTotal}}');
  });

  test('podman’s engine is asked too, and 8 GiB passes', async () => {
    const made = box();
    const small = await cli(made, ['doctor', 'demo', '--offline'], {
      KIND_EXPERIMENTAL_PROVIDER: 'podman',
      FAKE_PODMAN_MEMTOTAL: String(3 * GIB),
    });
    expect(lineOf(small.stdout, /memory/)).toMatch(
      /^✘ memory ≥ 4 GiB +3\.0 GiB \(what the podman engine reports\) +→ .*"podman machine set --memory 4096"/,
    );
    const enough = await cli(made, ['doctor', 'demo', '--offline'], {
      KIND_EXPERIMENTAL_PROVIDER: 'podman',
      FAKE_PODMAN_MEMTOTAL: String(8 * GIB),
    });
    expect(lineOf(enough.stdout, /memory/)).toMatch(/^✔ memory ≥ 4 GiB +8\.0 GiB \(what the podman engine reports\)$/);
    expect(calls(made).map((call) => call.line)).toContain('podman info --format {{.Host.MemTotal}}');
  });

  test('an engine that does not say falls back to this machine’s memory, and says so', async () => {
    const made = box();
    rule(made, 'docker', 'MemTotal', 0, '');
    const result = await cli(made, ['doctor', 'demo', '--offline']);
    expect(lineOf(result.stdout, /memory/)).toMatch(
      /memory ≥ 4 GiB +\d+\.\d GiB \(this machine's: the docker engine did not report its own, and a VM may have less\)/,
    );
  });

  test('a lab that declares 8 GiB raises the bar, and the fix names it', async () => {
    const made = box();
    addLab(made, 'mesh', demoLab({ id: `'mesh'`, memory: '8' }), DEMO_FILES);
    const env = { FAKE_DOCKER_MEMTOTAL: String(6 * GIB) };
    const all = await cli(made, ['doctor', '--offline'], env);
    expect(lineOf(all.stdout, /memory/)).toMatch(
      /^✘ memory ≥ 8 GiB +6\.0 GiB .*→ give the container engine at least 8 GiB .*; lab mesh needs 8 GiB, the others 4 \("npm run lab -- doctor <lab>" checks one lab\)$/,
    );
    const one = await cli(made, ['doctor', 'demo', '--offline'], env);
    expect(lineOf(one.stdout, /memory/)).toMatch(/^✔ memory ≥ 4 GiB +6\.0 GiB/);
  });
});

describe('doctor: openssl (unit tests with a fake openssl)', () => {
  const tools = `[{ name: 'openssl', min: '3.0', for: 'host' }, { name: 'kind', min: '0.33.0' }]`;

  test('LibreSSL 3.x is refused, with the way to OpenSSL 3', async () => {
    const made = box({ tools });
    fakeTool(made, 'openssl', 'echo "LibreSSL 3.3.6"');
    const result = await cli(made, ['doctor', 'demo', '--offline']);
    expect(result.code).toBe(1);
    const line = lineOf(result.stdout, /openssl/);
    expect(line).toMatch(/^✘ openssl ≥ 3\.0 +LibreSSL 3\.3\.6 +→ /);
    expect(line).toContain('"brew install openssl@3"');
    expect(line).toContain('"$(brew --prefix)/bin" before /usr/bin on PATH');
  });

  test('OpenSSL 3 passes', async () => {
    const made = box({ tools });
    fakeTool(made, 'openssl', 'echo "OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)"');
    const result = await cli(made, ['doctor', 'demo', '--offline']);
    expect(lineOf(result.stdout, /openssl/)).toMatch(/^✔ openssl ≥ 3\.0 +3\.0\.13$/);
  });
});

describe('doctor: registries (unit tests; registries played on 127.0.0.1)', () => {
  const images = `['busybox:1.37.0', 'quay.io/kiali/kiali:v2.27', 'registry.k8s.io/pause:3.10', 'ghcr.io/owner/tool:1.0', 'public.ecr.aws/owner/slow:1.0', 'localhost/fieldlab/toolbox:1.0']`;

  test('each registry the labs pull from is asked for /v2/: 401 and 200 answer, 500, refusal and silence do not', async () => {
    const made = box({ images });
    const tls = loopbackCertificate(made);
    const hub = await registry(401);
    const quay = await registry(200, tls);
    const k8s = await registry(500);
    const probe = [
      `docker.io=${hub.url}`,
      `quay.io=${quay.url}`,
      `registry.k8s.io=${k8s.url}`,
      `ghcr.io=${await closedPort()}`,
      `public.ecr.aws=${await silent()}`,
    ].join(',');
    const result = await cli(made, ['doctor', 'demo'], { LAB_REGISTRY_PROBE: probe, NODE_EXTRA_CA_CERTS: tls.caFile });
    expect(result.code).toBe(1);
    expect(hub.paths).toEqual(['GET /v2/']);
    expect(quay.paths).toEqual(['GET /v2/']);
    expect(k8s.paths).toEqual(['GET /v2/']);
    expect(lineOf(result.stdout, /registry docker\.io/)).toMatch(/^✔ registry docker\.io +answers \(HTTP 401\)$/);
    expect(lineOf(result.stdout, /registry quay\.io/)).toMatch(/^✔ registry quay\.io +answers \(HTTP 200\)$/);
    const k8sLine = lineOf(result.stdout, /registry registry\.k8s\.io/);
    expect(k8sLine).toMatch(/^✘ registry registry\.k8s\.io +HTTP 500 +→ lab demo pulls from registry\.k8s\.io/);
    expect(k8sLine).toContain('"npm run lab -- run demo --registry-mirror registry.k8s.io=URL"');
    expect(k8sLine).toContain('"npm run lab -- images save FILE"');
    expect(k8sLine).toContain('"npm run lab -- images load FILE"');
    expect(lineOf(result.stdout, /registry ghcr\.io/)).toMatch(/^✘ registry ghcr\.io +connection refused +→ /);
    expect(lineOf(result.stdout, /registry public\.ecr\.aws/)).toMatch(
      /^✘ registry public\.ecr\.aws +no answer within 5 s +→ /,
    );
    expect(result.stdout).not.toMatch(/registry localhost/);
    // The node image comes from docker.io too, pulled by the engine itself.
    expect(result.stdout).toMatch(/problems? to fix/);
  }, 30_000);

  test('docker.io not answering says the node image comes from there, through the engine', async () => {
    const made = box();
    const result = await cli(made, ['doctor', 'demo'], { LAB_REGISTRY_PROBE: `docker.io=${await closedPort()}` });
    const line = lineOf(result.stdout, /registry docker\.io/);
    expect(line).toMatch(
      /^✘ registry docker\.io +connection refused +→ the kind node image and lab demo pull from docker\.io/,
    );
    expect(line).toContain(
      'the engine pulls the node image itself, so give it the mirror too ("registry-mirrors" in Docker',
    );
  });

  test('a mirror given as run takes it is checked in place of the registry', async () => {
    const made = box();
    const mirror = await registry(200);
    const hub = await registry(401);
    const result = await cli(made, ['doctor', 'demo', '--registry-mirror', `docker.io=${mirror.url}`], {
      LAB_REGISTRY_PROBE: `docker.io=${hub.url}`,
    });
    expect(lineOf(result.stdout, /registry docker\.io/)).toMatch(
      new RegExp(`^✔ registry docker\\.io +answers through the mirror ${mirror.url} \\(HTTP 200\\)$`),
    );
    expect(mirror.paths).toEqual(['GET /v2/']);
    expect(hub.paths).toEqual([]);
  });

  test('--offline asks no registry and says so', async () => {
    const made = box();
    const hub = await registry(401);
    const result = await cli(made, ['doctor', 'demo', '--offline'], { LAB_REGISTRY_PROBE: `docker.io=${hub.url}` });
    expect(hub.paths).toEqual([]);
    expect(lineOf(result.stdout, /registries/)).toMatch(/^– registries +not checked \(--offline\)$/);
  });
});

describe('doctor: ports and who needs what (unit tests with fake tools)', () => {
  test('a lab without host ports says so', async () => {
    const result = await cli(box(), ['doctor', 'demo', '--offline']);
    expect(lineOf(result.stdout, /host ports/)).toMatch(/^✔ host ports +none: lab demo maps no host port$/);
  });

  test('without a lab, every lab’s ports are listed with the lab that maps them', async () => {
    const made = box();
    const port = await closedPort();
    const number = new URL(port).port;
    addLab(made, 'web', demoLab({ id: `'web'`, ports: `[${number}]` }), DEMO_FILES);
    const result = await cli(made, ['doctor', '--offline']);
    expect(lineOf(result.stdout, new RegExp(`port ${number}`))).toMatch(
      new RegExp(`^✔ port ${number} free +free \\(lab web\\)$`),
    );
    const none = sandbox(['docker', 'kind', 'kubectl']);
    addLab(none, 'demo', demoLab(), DEMO_FILES);
    const all = await cli(none, ['doctor', '--offline']);
    expect(lineOf(all.stdout, /host ports/)).toMatch(/^✔ host ports +none: no lab maps a host port$/);
  });

  test('no lab named, a tool too old names the labs that need it, never "this lab"', async () => {
    const made = box();
    addLab(made, 'other', demoLab({ id: `'other'` }), DEMO_FILES);
    const env = { FAKE_KUBECTL_VERSION: 'v1.30.2' };
    const every = await cli(made, ['doctor', '--offline'], env);
    expect(every.stdout).not.toContain('this lab');
    expect(lineOf(every.stdout, /kubectl/)).toMatch(
      /^✘ kubectl ≥ 1\.35\.0 +1\.30\.2 +→ kubectl 1\.30\.2 is older than the 1\.35\.0 that every lab needs: /,
    );
    const older = `[{ name: 'docker', min: '24.0' }, { name: 'kind', min: '0.33.0' }, { name: 'kubectl', min: '1.34.0' }]`;
    addLab(made, 'old', demoLab({ id: `'old'`, tools: older }), DEMO_FILES);
    const some = await cli(made, ['doctor', '--offline'], env);
    expect(some.stdout).not.toContain('this lab');
    expect(lineOf(some.stdout, /kubectl/)).toContain('is older than the 1.35.0 that labs demo, other need');
    const one = await cli(made, ['doctor', 'demo', '--offline'], env);
    expect(lineOf(one.stdout, /kubectl/)).toContain('is older than the 1.35.0 that lab demo needs');
  });
});
