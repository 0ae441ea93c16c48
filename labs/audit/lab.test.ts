import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkCommand, meets } from '../kit/checks.ts';
import { kindConfigFor } from '../kit/cluster-config.ts';
import { parseYaml } from '../kit/deps.ts';
import { parseLab } from '../kit/registry.ts';
import type { Check } from '../kit/schema.ts';
import { childEnv, sh } from '../kit/sh.ts';
import { validateLab } from '../kit/validate/labs.ts';
import definition from './lab.ts';
import {
  AuditEvent,
  builtBinaries,
  collectorConfig,
  collectorConfigText,
  EVENTS_FILE,
  eventually,
  fakeKubectl,
  freePort,
  LAB_DIR,
  manifest,
  type Running,
  readEvents,
  start,
} from './offline.ts';
import { evaluate, type Level, loadPolicy, POLICY_FILE, policyProblems, type Request } from './policy.ts';
import { AUDIT_LOG, LOGSQL_SCRIPT, READ_LOG, SECRET_MARKER, SECRET_MARKER_BASE64 } from './questions.ts';

const lab = parseLab(definition, 'labs/audit/lab.ts', 'audit');
const work = mkdtempSync(join(tmpdir(), 'audit-lab-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const allChecks = (): Check[] => lab.steps.flatMap((step) => step.checks);

describe('manifests and kind config', () => {
  test('validate against the Kubernetes schemas and kind, and the export passes shellcheck', async () => {
    const report = await validateLab(lab);
    expect(report.problems).toEqual([]);
    expect(report.kindConfigs).toBe(1);
  });

  test('every Namespace the lab creates is its own, labelled with the lab', () => {
    const namespaces = manifest('namespaces.yaml');
    expect(namespaces.map((ns) => (ns.metadata as { name: string }).name).sort()).toEqual([...lab.namespaces].sort());
    for (const ns of namespaces) {
      expect((ns.metadata as { labels: Record<string, string> }).labels['fieldlab.dev/lab']).toBe('audit');
    }
  });

  test('every image a manifest pulls is listed by the lab', () => {
    const text = ['demo.yaml', 'victoria-logs.yaml', 'collector.yaml']
      .map((file) => readFileSync(join(LAB_DIR, 'manifests', file), 'utf8'))
      .join('\n');
    expect(new Set([...text.matchAll(/image: (\S+)/g)].map((match) => match[1]))).toEqual(new Set(lab.images));
  });
});

describe('the audit policy', () => {
  const policy = loadPolicy(POLICY_FILE);
  const level = (request: Request): Level => evaluate(policy, request).level;
  const user = (name: string, ...groups: string[]) => ({ user: name, groups: [...groups, 'system:authenticated'] });
  const admin = user('kubernetes-admin', 'kubeadm:cluster-admins');
  const deployer = user('system:serviceaccount:audit-demo:deployer', 'system:serviceaccounts');
  const node = user('system:node:fieldlab-audit-control-plane', 'system:nodes');
  const controller = user(
    'system:serviceaccount:kube-system:replicaset-controller',
    'system:serviceaccounts:kube-system',
  );

  test('is an audit.k8s.io/v1 Policy that passes the API server’s validation rules', () => {
    expect(policy.apiVersion).toBe('audit.k8s.io/v1');
    expect(policyProblems(policy)).toEqual([]);
  });

  test.each<[string, Request, Level]>([
    [
      'a Secret read',
      { ...deployer, verb: 'get', resource: { resource: 'secrets', namespace: 'audit-demo', name: 'db-password' } },
      'Metadata',
    ],
    [
      'a Secret written',
      { ...admin, verb: 'create', resource: { resource: 'secrets', namespace: 'audit-demo' } },
      'Metadata',
    ],
    [
      'a ConfigMap patched',
      { ...admin, verb: 'patch', resource: { resource: 'configmaps', namespace: 'kube-system', name: 'coredns' } },
      'Metadata',
    ],
    [
      'a TokenReview',
      {
        ...user('system:serviceaccount:kube-system:metrics-server'),
        verb: 'create',
        resource: { group: 'authentication.k8s.io', resource: 'tokenreviews' },
      },
      'Metadata',
    ],
    [
      'a ServiceAccount token request',
      {
        ...node,
        verb: 'create',
        resource: { resource: 'serviceaccounts', subresource: 'token', namespace: 'audit-demo', name: 'default' },
      },
      'Metadata',
    ],
    [
      'a Deployment deleted',
      {
        ...deployer,
        verb: 'delete',
        resource: { group: 'apps', resource: 'deployments', namespace: 'audit-demo', name: 'web' },
      },
      'RequestResponse',
    ],
    [
      'a Deployment scaled',
      {
        ...deployer,
        verb: 'patch',
        resource: {
          group: 'apps',
          resource: 'deployments',
          subresource: 'scale',
          namespace: 'audit-demo',
          name: 'web',
        },
      },
      'RequestResponse',
    ],
    [
      'a ClusterRoleBinding created',
      { ...admin, verb: 'create', resource: { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' } },
      'RequestResponse',
    ],
    [
      'a Pod created by a controller',
      { ...controller, verb: 'create', resource: { resource: 'pods', namespace: 'audit-demo' } },
      'RequestResponse',
    ],
    [
      'a Deployment’s status updated',
      {
        ...user('system:serviceaccount:kube-system:deployment-controller', 'system:serviceaccounts:kube-system'),
        verb: 'update',
        resource: {
          group: 'apps',
          resource: 'deployments',
          subresource: 'status',
          namespace: 'audit-demo',
          name: 'web',
        },
      },
      'Metadata',
    ],
    [
      'a Deployment read',
      {
        ...admin,
        verb: 'get',
        resource: { group: 'apps', resource: 'deployments', namespace: 'audit-demo', name: 'web' },
      },
      'Metadata',
    ],
    [
      'kubectl exec',
      {
        ...admin,
        verb: 'create',
        resource: { resource: 'pods', subresource: 'exec', namespace: 'audit-demo', name: 'web-1' },
      },
      'Metadata',
    ],
    [
      'Pod logs read',
      {
        ...admin,
        verb: 'get',
        resource: { resource: 'pods', subresource: 'log', namespace: 'audit-demo', name: 'web-1' },
      },
      'Metadata',
    ],
    [
      'a Namespace deleted',
      { ...admin, verb: 'delete', resource: { resource: 'namespaces', name: 'audit-demo' } },
      'Metadata',
    ],
    [
      'a Lease renewed',
      {
        ...node,
        verb: 'update',
        resource: { group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease' },
      },
      'None',
    ],
    [
      'an Event written',
      {
        ...controller,
        verb: 'create',
        resource: { group: 'events.k8s.io', resource: 'events', namespace: 'audit-demo' },
      },
      'None',
    ],
    [
      'a node watching Secrets',
      { ...node, verb: 'watch', resource: { resource: 'secrets', namespace: 'audit-demo' } },
      'None',
    ],
    [
      'the scheduler watching Pods',
      { ...user('system:kube-scheduler'), verb: 'watch', resource: { resource: 'pods' } },
      'None',
    ],
    [
      'a person watching Secrets',
      { ...user('alice'), verb: 'watch', resource: { resource: 'secrets', namespace: 'audit-demo' } },
      'Metadata',
    ],
    ['a health probe', { ...user('system:anonymous', 'system:unauthenticated'), verb: 'get', path: '/livez' }, 'None'],
    ['a readiness probe with checks', { ...user('system:anonymous'), verb: 'get', path: '/readyz/etcd' }, 'None'],
    ['the version', { ...admin, verb: 'get', path: '/version' }, 'None'],
    [
      'a metrics scrape',
      { ...user('system:serviceaccount:monitoring:prometheus'), verb: 'get', path: '/metrics' },
      'Metadata',
    ],
    ['API discovery', { ...deployer, verb: 'get', path: '/apis' }, 'Metadata'],
  ])('%s is logged at the intended level', (_, request, expected) => {
    expect(level(request)).toBe(expected);
  });

  const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
  const everyone = [
    admin,
    deployer,
    node,
    controller,
    user('alice'),
    user('system:kube-scheduler'),
    user('system:apiserver', 'system:masters'),
  ];

  test('secret, configmap and token contents never reach the log: no verb, user or namespace gets more than Metadata', () => {
    const secretBearing: Request['resource'][] = [
      { resource: 'secrets' },
      { resource: 'configmaps' },
      { resource: 'serviceaccounts', subresource: 'token' },
      { group: 'authentication.k8s.io', resource: 'tokenreviews' },
    ];
    let cases = 0;
    for (const target of secretBearing) {
      for (const namespace of ['audit-demo', 'kube-system', '']) {
        for (const verb of verbs) {
          for (const who of everyone) {
            const decision = evaluate(policy, {
              ...who,
              verb,
              resource: { ...target, resource: target?.resource ?? '', namespace },
            });
            expect(['None', 'Metadata'], `${who.user} ${verb} ${target?.resource}`).toContain(decision.level);
            cases += 1;
          }
        }
      }
    }
    expect(cases).toBe(4 * 3 * verbs.length * everyone.length);
  });

  test('every deletion is logged, except of Leases and Events, which the policy drops on purpose', () => {
    const resources = [
      { resource: 'pods' },
      { resource: 'secrets' },
      { resource: 'configmaps' },
      { resource: 'namespaces' },
      { resource: 'persistentvolumeclaims' },
      { group: 'apps', resource: 'deployments' },
      { group: 'apps', resource: 'daemonsets' },
      { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
      { group: 'networking.k8s.io', resource: 'networkpolicies' },
      { group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations' },
    ];
    for (const target of resources) {
      for (const verb of ['delete', 'deletecollection']) {
        for (const who of everyone) {
          expect(level({ ...who, verb, resource: target }), `${who.user} ${verb} ${target.resource}`).not.toBe('None');
        }
      }
    }
    expect(level({ ...node, verb: 'delete', resource: { group: 'coordination.k8s.io', resource: 'leases' } })).toBe(
      'None',
    );
  });

  test('RequestReceived is omitted whatever rule matches', () => {
    const requests: Request[] = [
      { ...admin, verb: 'get', resource: { resource: 'secrets', namespace: 'x' } },
      { ...admin, verb: 'delete', resource: { group: 'apps', resource: 'deployments', namespace: 'x' } },
      { ...admin, verb: 'get', path: '/metrics' },
      { ...admin, verb: 'get', resource: { group: 'example.com', resource: 'widgets' } },
    ];
    for (const request of requests) expect(evaluate(policy, request).omitStages).toContain('RequestReceived');
  });

  test('the rule that keeps Secrets at Metadata comes before every rule that records bodies', () => {
    const metadataRule = policy.rules.findIndex((rule) =>
      rule.resources?.some((resources) => resources.resources?.includes('secrets')),
    );
    const firstBodies = policy.rules.findIndex((rule) => rule.level === 'Request' || rule.level === 'RequestResponse');
    expect(metadataRule).toBeGreaterThanOrEqual(0);
    expect(metadataRule).toBeLessThan(firstBodies);
    expect(policy.rules.at(-1)).toEqual({ level: 'Metadata' });
  });

  test('the evaluator follows first-match semantics: a catch-all RequestResponse first would leak Secrets', () => {
    const leaky = { ...policy, rules: [{ level: 'RequestResponse' as const }, ...policy.rules] };
    expect(evaluate(leaky, { ...admin, verb: 'get', resource: { resource: 'secrets', namespace: 'x' } }).level).toBe(
      'RequestResponse',
    );
  });
});

describe('the kind config and the collector agree on one path', () => {
  const kind = parseYaml(readFileSync(join(LAB_DIR, 'kind.yaml'), 'utf8')) as {
    nodes: {
      role: string;
      extraMounts: { hostPath: string; containerPath: string; readOnly?: boolean }[];
      kubeadmConfigPatches: string[];
    }[];
  };
  const [controlPlane] = kind.nodes;
  const patch = parseYaml(controlPlane?.kubeadmConfigPatches[0] ?? '') as {
    apiVersion?: string;
    kind: string;
    apiServer: {
      extraArgs: { name: string; value: string }[];
      extraVolumes: { name: string; hostPath: string; mountPath: string; readOnly: boolean }[];
    };
  };
  const arg = (name: string) => patch.apiServer.extraArgs.find((item) => item.name === name)?.value;
  const volumeHolding = (path: string) =>
    patch.apiServer.extraVolumes.find((volume) => path.startsWith(`${volume.mountPath}/`));

  test('an unversioned ClusterConfiguration patch with the audit flags in kubeadm v1beta4’s list form', () => {
    expect(patch.kind).toBe('ClusterConfiguration');
    expect(patch.apiVersion).toBeUndefined();
    expect(Array.isArray(patch.apiServer.extraArgs)).toBe(true);
    expect(patch.apiServer.extraArgs.map((item) => item.name)).toEqual([
      'audit-policy-file',
      'audit-log-path',
      'audit-log-format',
      'audit-log-maxage',
      'audit-log-maxbackup',
      'audit-log-maxsize',
    ]);
    for (const item of patch.apiServer.extraArgs) expect(typeof item.value).toBe('string');
    expect(arg('audit-log-path')).toBe(AUDIT_LOG);
  });

  test('the policy file reaches the API server: lab folder → node (extraMounts) → static Pod (read-only)', () => {
    const policyPath = arg('audit-policy-file') ?? '';
    const mount = controlPlane?.extraMounts.find((item) => policyPath.startsWith(`${item.containerPath}/`));
    expect(mount?.readOnly).toBe(true);
    const onHost = join(LAB_DIR, mount?.hostPath ?? '', policyPath.slice((mount?.containerPath.length ?? 0) + 1));
    expect(onHost).toBe(POLICY_FILE);
    const volume = volumeHolding(policyPath);
    expect(volume).toMatchObject({ hostPath: mount?.containerPath, readOnly: true });
  });

  test('the log folder is writable for the API server and read-only for the collector, at the same node path', () => {
    const logPath = arg('audit-log-path') ?? '';
    const volume = volumeHolding(logPath);
    expect(volume).toMatchObject({ hostPath: dirname(logPath), mountPath: dirname(logPath), readOnly: false });
    const daemonSet = manifest('collector.yaml').find((object) => object.kind === 'DaemonSet') as {
      spec: {
        template: {
          spec: {
            containers: { volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[] }[];
            volumes: { name: string; hostPath?: { path: string } }[];
          };
        };
      };
    };
    const pod = daemonSet.spec.template.spec;
    const hostVolume = pod.volumes.find((item) => item.hostPath?.path === volume?.hostPath);
    const mount = pod.containers[0]?.volumeMounts.find((item) => item.name === hostVolume?.name);
    expect(mount).toMatchObject({ readOnly: true });
    const receiver = (collectorConfig().receivers as Record<string, { include: string[] }>)['file_log/audit'];
    const [include] = receiver?.include ?? [];
    const glob = new RegExp(`^${(include ?? '').replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
    const inPod = `${mount?.mountPath}/${logPath.slice((volume?.mountPath.length ?? 0) + 1)}`;
    expect(inPod).toMatch(glob);
    expect(`${mount?.mountPath}/audit-2026-12-02T05-00-00.000.log`).toMatch(glob);
  });

  test('the kit’s host adjustments keep the lab’s patch and mounts', () => {
    const merged = parseYaml(
      kindConfigFor(readFileSync(join(LAB_DIR, 'kind.yaml'), 'utf8'), { cgroup: 1, sysResource: false }).text ?? '',
    ) as typeof kind & { kubeadmConfigPatches: string[]; containerdConfigPatches: string[] };
    expect(merged.nodes).toEqual(kind.nodes);
    expect(merged.kubeadmConfigPatches.join('\n')).toContain('failCgroupV1: false');
    expect(merged.containerdConfigPatches.join('\n')).toContain('restrict_oom_score_adj = true');
  });
});

describe('the jq questions, over audit events recorded from a run of this lab', () => {
  const events = readEvents();
  const deployment = events.find(
    (event) => event.verb === 'create' && event.objectRef?.resource === 'deployments' && event.objectRef.name === 'web',
  );
  const createdUid = (deployment?.responseObject as { metadata?: { uid?: string } } | undefined)?.metadata?.uid;
  const jqChecks = allChecks().filter((check) => checkCommand(check).includes(READ_LOG));

  function runOver(check: Check, file: string, uid = createdUid ?? '') {
    const dir = mkdtempSync(join(work, 'jq-'));
    writeFileSync(join(dir, 'web.uid'), uid);
    const command = checkCommand(check).replaceAll(READ_LOG, `cat ${file}`);
    return sh(command, { cwd: dir, env: childEnv(undefined), timeoutMs: 30_000 });
  }

  function variant(name: string, change: (event: AuditEvent) => AuditEvent | AuditEvent[]): string {
    const file = join(work, `${name}.jsonl`);
    writeFileSync(
      file,
      `${events
        .flatMap(change)
        .map((event) => JSON.stringify(event))
        .join('\n')}\n`,
    );
    return file;
  }

  test('every recorded event follows the audit.k8s.io/v1 Event schema', () => {
    expect(events.length).toBeGreaterThan(100);
    for (const event of events) AuditEvent.parse(event);
  });

  test('the Deployment’s UID comes from its own create event, logged in full', () => {
    expect(deployment?.level).toBe('RequestResponse');
    expect(createdUid).toMatch(/^[0-9a-f-]{36}$/);
  });

  test.each(jqChecks.map((check) => [check.proves.en, check]))('check passes: %s', async (_, check) => {
    const result = await runOver(check, EVENTS_FILE);
    expect(meets(check.type === 'command' ? check.expect : {}, result), result.stdout + result.stderr).toBe(true);
  });

  const byProof = (words: string) => {
    const check = jqChecks.find((candidate) => candidate.proves.en.includes(words));
    if (!check) throw new Error(`no jq check proves "${words}"`);
    return check;
  };
  const fails = async (check: Check, file: string, uid?: string) => {
    const result = await runOver(check, file, uid);
    expect(meets(check.type === 'command' ? check.expect : {}, result), result.stdout).toBe(false);
  };

  test('who-deleted fails when someone else deleted it, or when the UID is not this run’s', async () => {
    const check = byProof('the UID in the log');
    const otherUser = variant('other-deleter', (event) =>
      event.verb === 'delete' && event.objectRef?.resource === 'deployments'
        ? { ...event, user: { username: 'mallory' } }
        : event,
    );
    await fails(check, otherUser);
    await fails(check, EVENTS_FILE, '00000000-0000-4000-8000-000000000000');
    await fails(check, EVENTS_FILE, '');
  });

  test('the Secret checks fail when a Secret’s body reaches the log', async () => {
    const leaked = variant('secret-body', (event) =>
      event.objectRef?.resource === 'secrets' && event.verb === 'create'
        ? {
            ...event,
            level: 'RequestResponse',
            requestObject: { kind: 'Secret', data: { password: `${SECRET_MARKER_BASE64}=` } },
          }
        : event,
    );
    await fails(byProof('no event about a Secret'), leaked);
    await fails(byProof('appears nowhere in the log'), leaked);
    const plain = variant('secret-plain', (event) =>
      event.objectRef?.resource === 'secrets' ? { ...event, annotations: { note: SECRET_MARKER } } : event,
    );
    await fails(byProof('appears nowhere in the log'), plain);
  });

  test('the stage check fails when RequestReceived events are logged', async () => {
    const withReceived = variant('request-received', (event) => [event, { ...event, stage: 'RequestReceived' }]);
    await fails(byProof('none of them is a RequestReceived'), withReceived);
  });

  test('the checks fail on an empty log rather than pass for want of data', async () => {
    const empty = join(work, 'empty.jsonl');
    writeFileSync(empty, '');
    for (const check of jqChecks) await fails(check, empty);
  });
});

const binaries = await builtBinaries();

describe.skipIf(!binaries)(
  'the collector and VictoriaLogs on loopback, with the lab’s own configuration (skipped where "npm run lab -- images build audit" has not built them)',
  () => {
    const logsqlChecks = allChecks().filter((check) => checkCommand(check).includes(`sh ${LOGSQL_SCRIPT}`));
    const dir = join(work, 'shipping');
    let store: Running | undefined;
    let collector: Running | undefined;
    let storeUrl = '';
    let env: NodeJS.ProcessEnv = {};

    beforeAll(async () => {
      if (!binaries) return;
      mkdirSync(join(dir, 'logs'), { recursive: true });
      cpSync(join(LAB_DIR, 'files'), join(dir, 'files'), { recursive: true });
      // VictoriaLogs drops records older than its retention, and the lab asks about the last hour:
      // the recorded events are moved in time so that the newest is a minute old.
      const events = readEvents();
      const newest = Math.max(...events.map((event) => Date.parse(event.stageTimestamp)));
      const shift = Date.now() - 60_000 - newest;
      const moved = (time: string) => new Date(Date.parse(time) + shift).toISOString().replace('Z', '000Z');
      const lines = events.map((event) =>
        JSON.stringify({
          ...event,
          requestReceivedTimestamp: moved(event.requestReceivedTimestamp),
          stageTimestamp: moved(event.stageTimestamp),
        }),
      );
      writeFileSync(join(dir, 'logs', 'audit.log'), `${lines.join('\n')}\n`);
      const createdUid = events.find((e) => e.verb === 'create' && e.objectRef?.resource === 'deployments')
        ?.responseObject as { metadata?: { uid?: string } } | undefined;
      writeFileSync(join(dir, 'web.uid'), createdUid?.metadata?.uid ?? '');
      const port = await freePort();
      storeUrl = `http://127.0.0.1:${port}`;
      store = start(binaries.store, [`-storageDataPath=${join(dir, 'data')}`, `-httpListenAddr=127.0.0.1:${port}`]);
      await eventually(
        async () => ((await fetch(`${storeUrl}/health`)).ok ? true : undefined),
        () => `VictoriaLogs to answer /health:\n${store?.log()}`,
      );
      const config = collectorConfigText()
        .replace('/var/log/kubernetes/audit/', `${join(dir, 'logs')}/`)
        .replace('http://victoria-logs.audit-lab.svc:9428', storeUrl);
      writeFileSync(join(dir, 'collector.yaml'), config);
      collector = start(binaries.collector, [`--config=${join(dir, 'collector.yaml')}`], {
        ...process.env,
        K8S_NODE_NAME: 'fieldlab-audit-control-plane',
      });
      env = childEnv(undefined, { PATH: `${fakeKubectl(join(dir, 'bin'), storeUrl)}:${process.env.PATH ?? ''}` });
    });

    afterAll(async () => {
      await collector?.stop();
      await store?.stop();
    });

    test("the collector's own check accepts the configuration and refuses a broken one", async () => {
      const file = join(work, 'collector-check.yaml');
      writeFileSync(file, collectorConfigText());
      const ok = await sh(`'${binaries?.collector}' validate --config='${file}'`, {
        cwd: work,
        env: { ...childEnv(undefined), K8S_NODE_NAME: 'node' },
        timeoutMs: 30_000,
      });
      expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
      writeFileSync(file, collectorConfigText().replace('start_at: beginning', 'start_at: somewhere'));
      const bad = await sh(`'${binaries?.collector}' validate --config='${file}'`, {
        cwd: work,
        env: { ...childEnv(undefined), K8S_NODE_NAME: 'node' },
        timeoutMs: 30_000,
      });
      expect(bad.exitCode).not.toBe(0);
    });

    test('every recorded event arrives, one record per line', async () => {
      const lines = readEvents().length;
      await eventually(
        async () => {
          const response = await fetch(
            `${storeUrl}/select/logsql/query?query=${encodeURIComponent('* | stats count() events')}`,
          );
          const body = await response.text();
          return body.includes(`"events":"${lines}"`) ? true : undefined;
        },
        () => `${lines} records in VictoriaLogs; collector log:\n${collector?.log()}`,
      );
    });

    test.each(logsqlChecks.map((check) => [check.proves.en, check]))(
      "check passes through the lab's logsql.sh: %s",
      async (_, check) => {
        let last = '';
        await eventually(
          async () => {
            const result = await sh(checkCommand(check), { cwd: dir, env, timeoutMs: 30_000 });
            last = result.stdout + result.stderr;
            return meets(check.type === 'command' ? check.expect : {}, result) ? true : undefined;
          },
          () => `${checkCommand(check)}; last output: ${last}`,
        );
      },
    );
  },
);
