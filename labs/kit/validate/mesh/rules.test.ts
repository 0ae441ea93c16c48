import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { meshYamlFiles } from '../mesh-lab.ts';
import { analyze } from './analyze.ts';
import { subsetSelectorFindings } from './destination-rules.ts';
import { httpRouteFindings, parentRefFindings } from './gateway-api.ts';
import { type LabObject, labObjects, resolveHost } from './objects.ts';
import { policySelectorFindings, principalFindings } from './policies.ts';
import { hostFindings, subsetFindings, weightFindings } from './virtual-services.ts';

// A small lab of our own (testdata/istio-shop) that passes every rule; each failing fixture changes one
// thing in a copy of it, so each rule is shown able to fail on exactly the fault it names.
const fixture = join(import.meta.dirname, '..', 'testdata', 'istio-shop');
const shop = (): LabObject[] =>
  labObjects(meshYamlFiles(fixture).map((file) => ({ file, text: readFileSync(file, 'utf8') })));

function edit(kind: string, name: string, change: (object: LabObject) => void): LabObject[] {
  const objects = structuredClone(shop());
  const object = objects.find((item) => item.kind === kind && item.name === name);
  if (!object) throw new Error(`the fixture has no ${kind} ${name}`);
  change(object);
  return objects;
}

const messages = (findings: { message: string }[]) => findings.map((item) => item.message);

describe('offline istioctl-analyze rules', () => {
  test('the fixture lab has every kind the rules read, and no finding', () => {
    const kinds = new Set(shop().map((object) => object.kind));
    for (const kind of ['VirtualService', 'DestinationRule', 'HTTPRoute', 'AuthorizationPolicy', 'Deployment']) {
      expect(kinds.has(kind), kind).toBe(true);
    }
    expect(analyze(shop())).toEqual([]);
  });

  test('short hosts resolve in the rule’s namespace; names with a dot are taken as written', () => {
    expect(resolveHost('frontend', 'shop')).toBe('frontend.shop.svc.cluster.local');
    expect(resolveHost('frontend.shop.svc.cluster.local', 'other')).toBe('frontend.shop.svc.cluster.local');
  });

  test('route weights: 90 is not 100; a single destination may omit its weight', () => {
    const objects = edit('VirtualService', 'reviews', (vs) => {
      vs.spec.http[1].route[1].weight = 0;
    });
    expect(messages(weightFindings(objects))).toEqual(['http[1]: route weights 90 + 0 add up to 90, not 100']);
    const single = edit('VirtualService', 'reviews', (vs) => {
      vs.spec.http[0].route[0].weight = 50;
    });
    expect(messages(weightFindings(single))).toEqual(['http[0]: route weights 50 add up to 50, not 100']);
  });

  test('a route to a subset no DestinationRule declares', () => {
    const objects = edit('VirtualService', 'reviews', (vs) => {
      vs.spec.http[0].route[0].destination.subset = 'v3';
    });
    expect(messages(subsetFindings(objects))).toEqual([
      'http[0].route[0]: subset "v3" of reviews.shop.svc.cluster.local is in no DestinationRule (its DestinationRule declares v1, v2)',
    ]);
  });

  test('a DestinationRule subset that selects no pods', () => {
    const objects = edit('DestinationRule', 'reviews', (dr) => {
      dr.spec.subsets[1].labels = { version: 'v3' };
    });
    expect(messages(subsetSelectorFindings(objects))).toEqual([
      'subsets[1] "v2": labels {version=v3} select no Deployment\'s pods in namespace shop among those of Service reviews {app=reviews}',
    ]);
  });

  test("a subset whose labels only another app's pods carry selects none of the host's", () => {
    // frontend's pods carry version=v1 too: without reviews-v1, subset v1 of reviews has no endpoint.
    const objects = shop().filter((object) => !(object.kind === 'Deployment' && object.name === 'reviews-v1'));
    expect(messages(subsetSelectorFindings(objects))).toEqual([
      'subsets[0] "v1": labels {version=v1} select no Deployment\'s pods in namespace shop among those of Service reviews {app=reviews}',
    ]);
  });

  test('an unknown host: a typo in a destination, and a DestinationRule in another namespace', () => {
    const objects = edit('VirtualService', 'reviews', (vs) => {
      vs.spec.http[0].route[0].destination.host = 'review';
    });
    expect(messages(hostFindings(objects))).toEqual([
      'http[0].route[0]: host "review" (review.shop.svc.cluster.local) is no Service or ServiceEntry of the lab',
    ]);
    const moved = edit('DestinationRule', 'reviews', (dr) => {
      dr.namespace = 'default';
    });
    expect(messages(hostFindings(moved))).toEqual([
      'host: host "reviews" (reviews.default.svc.cluster.local) is no Service or ServiceEntry of the lab',
    ]);
  });

  test('an HTTPRoute backend that is no Service, and a negative weight', () => {
    const objects = edit('HTTPRoute', 'frontend', (route) => {
      route.spec.rules[0].backendRefs[0].name = 'front';
      route.spec.rules[0].backendRefs[0].weight = -1;
    });
    expect(messages(httpRouteFindings(objects))).toEqual([
      'rules[0].backendRefs[0]: Service shop/front is not defined by the lab',
      'rules[0].backendRefs[0]: weight -1 is negative',
    ]);
  });

  test('an HTTPRoute parent that is no Gateway or Service of the lab', () => {
    const objects = edit('HTTPRoute', 'frontend', (route) => {
      route.spec.parentRefs = [{ name: 'shop-gw' }, { group: '', kind: 'Service', name: 'frontend', namespace: 'web' }];
    });
    expect(messages(parentRefFindings(objects))).toEqual([
      'parentRefs[0]: Gateway shop/shop-gw is not defined by the lab',
      'parentRefs[1]: Service web/frontend is not defined by the lab',
    ]);
  });

  test('a policy selector that matches no workload', () => {
    const objects = edit('AuthorizationPolicy', 'reviews-from-frontend', (policy) => {
      policy.spec.selector.matchLabels.app = 'ratings';
    });
    expect(messages(policySelectorFindings(objects))).toEqual([
      'selector {app=ratings} matches no workload of the lab in shop',
    ]);
  });

  test('policy selectors may pick what the install makes: istiod, an enabled ingress gateway, a Gateway API gateway', () => {
    const gatewayPolicy = (labels: Record<string, string>, namespace: string): LabObject => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      name: 'ingress',
      namespace,
      labels: {},
      spec: { selector: { matchLabels: labels } },
      file: 'policy.yaml',
    });
    const withPolicies = [
      ...shop(),
      gatewayPolicy({ istio: 'pilot' }, 'istio-system'),
      gatewayPolicy({ 'gateway.networking.k8s.io/gateway-name': 'shop-gateway' }, 'shop'),
    ];
    expect(policySelectorFindings(withPolicies)).toEqual([]);
    // The fixture's IstioOperator enables no ingress gateway: a policy for one selects nothing, until it does.
    const forIngress = [...withPolicies, gatewayPolicy({ istio: 'ingressgateway' }, 'istio-system')];
    expect(messages(policySelectorFindings(forIngress))).toEqual([
      'selector {istio=ingressgateway} matches no workload of the lab in istio-system',
    ]);
    const operator = forIngress.find((object) => object.kind === 'IstioOperator');
    if (!operator) throw new Error('the fixture has no IstioOperator');
    operator.spec.components.ingressGateways = [{ name: 'istio-ingressgateway', enabled: true }];
    expect(policySelectorFindings(forIngress)).toEqual([]);
  });

  test('a principal naming a ServiceAccount the lab does not define', () => {
    const objects = edit('AuthorizationPolicy', 'reviews-from-frontend', (policy) => {
      policy.spec.rules[0].from[0].source.principals = ['cluster.local/ns/shop/sa/front-end'];
    });
    expect(messages(principalFindings(objects))).toEqual([
      'rules[0].from[0].source.principals: cluster.local/ns/shop/sa/front-end names ServiceAccount shop/front-end, which the lab does not define',
    ]);
  });
});
