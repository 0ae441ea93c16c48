import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import observability from '../istio-observability/lab.ts';
import routing, { SPLIT_REGION, SPLIT_REQUESTS } from '../istio-routing/lab.ts';
import { integerRangePattern } from '../istio-routing/split.ts';
import { checkCommand } from '../kit/checks.ts';
import { parseAllDocuments } from '../kit/deps.ts';
import { labDir } from '../kit/paths.ts';
import { parseLab } from '../kit/registry.ts';
import type { Lab } from '../kit/schema.ts';
import { ISTIO, PROXY_IMAGE } from './istio.ts';
import setup from './lab.ts';

const labs: Lab[] = [
  parseLab(setup, 'labs/istio-setup/lab.ts', 'istio-setup'),
  parseLab(routing, 'labs/istio-routing/lab.ts', 'istio-routing'),
  parseLab(observability, 'labs/istio-observability/lab.ts', 'istio-observability'),
];

function read(lab: string, file: string): string {
  return readFileSync(join(labDir(lab), file), 'utf8');
}

function objects(lab: string, file: string): Record<string, unknown>[] {
  return parseAllDocuments(read(lab, file)).map((doc) => doc.toJS() as Record<string, unknown>);
}

describe('the three Istio labs install one control plane', () => {
  test.each(labs.map((lab) => lab.id))('%s installs the pinned release from an identical files/istio.yaml', (id) => {
    expect(read(id, 'files/istio.yaml')).toBe(read('istio-setup', 'files/istio.yaml'));
    const [operator] = objects(id, 'files/istio.yaml') as { spec: { hub: string; tag: string; profile: string } }[];
    expect(operator?.spec).toMatchObject({ hub: ISTIO.hub, tag: ISTIO.release, profile: 'minimal' });
  });

  test.each(labs.map((lab) => lab.id))('%s creates istio-system itself, with its own label', (id) => {
    const [namespace] = objects(id, 'manifests/istio-system.yaml') as {
      metadata: { name: string; labels: Record<string, string> };
    }[];
    expect(namespace?.metadata).toEqual({ name: 'istio-system', labels: { 'fieldlab.dev/lab': id } });
    const lab = labs.find((candidate) => candidate.id === id);
    expect(lab?.steps.find((step) => step.id === 'install-control-plane')?.run[0]).toBe(
      'kubectl apply -f manifests/istio-system.yaml',
    );
  });
});

describe('what needs the Envoy proxy says so', () => {
  /** Commands that only work once sidecars run: traffic from a mesh client, or Envoy's own state. */
  const DATA_PLANE =
    /exec deploy\/(client|intruder|outsider)|proxy-config|rollout status deployment\/(client|frontend)|istio_requests_total|kiali/;

  test.each(labs.map((lab) => lab.id))('%s: every step or check that needs a running proxy declares it', (id) => {
    const lab = labs.find((candidate) => candidate.id === id) as Lab;
    const undeclared: string[] = [];
    for (const step of lab.steps) {
      const stepNeedsProxy = step.needs.some((need) => 'image' in need && need.image === PROXY_IMAGE);
      if (stepNeedsProxy) continue;
      for (const command of step.run) if (DATA_PLANE.test(command)) undeclared.push(`${step.id}: ${command}`);
      for (const check of step.checks) {
        const needsProxy = (check.needs ?? []).some((need) => 'image' in need && need.image === PROXY_IMAGE);
        if (!needsProxy && DATA_PLANE.test(checkCommand(check))) undeclared.push(`${step.id}: ${checkCommand(check)}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  test('the control plane itself needs no proxy: install, injection into the Pod spec and analyze run everywhere', () => {
    for (const lab of labs) {
      const install = lab.steps.find((step) => step.id === 'install-control-plane');
      expect(install?.needs).toEqual([]);
      expect(install?.checks.every((check) => check.needs === undefined)).toBe(true);
    }
    const inject = labs[0]?.steps.find((step) => step.id === 'inject');
    expect(inject?.checks.filter((check) => check.needs === undefined)).toHaveLength(2);
  });
});

describe('the split is decided the same way in both labs that measure it', () => {
  const pattern = integerRangePattern(SPLIT_REGION.low, SPLIT_REGION.high);

  test(`over ${SPLIT_REQUESTS} requests, with the acceptance region ${SPLIT_REGION.low}..${SPLIT_REGION.high}`, () => {
    const expectations = labs
      .flatMap((lab) => lab.steps.flatMap((step) => step.checks))
      .map((check) => check.type === 'command' && check.expect.matches)
      .filter((matches): matches is string => typeof matches === 'string' && matches.includes(pattern));
    // routing: split and gateway-api; observability: requests-total.
    expect(expectations).toHaveLength(3);
    for (const matches of expectations) {
      const regex = new RegExp(matches);
      expect(regex.test(`v1=360 v2=${SPLIT_REGION.low - 1} errors=0`)).toBe(false);
      expect(regex.test(`destination_version=v2 ${SPLIT_REGION.high + 1}`)).toBe(false);
    }
  });
});

describe('the observability lab serves the routing lab frontend', () => {
  test('with the same containers, namespace aside', () => {
    const containers = (lab: string) =>
      objects(lab, 'manifests/frontend.yaml')
        .filter((object) => object.kind === 'Deployment')
        .map((object) =>
          JSON.stringify(
            (object as { spec: { template: { spec: { containers: unknown } } } }).spec.template.spec.containers,
          ),
        );
    expect(containers('istio-observability')).toEqual(containers('istio-routing'));
    expect(containers('istio-routing')).toHaveLength(2);
  });
});
