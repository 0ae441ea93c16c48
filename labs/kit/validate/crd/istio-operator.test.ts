import { describe, expect, test } from 'vitest';
import { parseGoStructs } from './go-structs.ts';
import { checkIstioOperator, pinnedOperatorStructs } from './istio-operator.ts';

const operator = (spec: unknown) => ({
  apiVersion: 'install.istio.io/v1alpha1',
  kind: 'IstioOperator',
  metadata: { name: 'field-labs' },
  spec,
});

describe('Go struct shapes', () => {
  test('json tags, embedded structs and skipped fields', () => {
    const structs = parseGoStructs(
      [
        'type A struct {',
        '\tmetav1.TypeMeta `json:",inline"`',
        '\t// a comment',
        '\tName string `json:"name,omitempty"`',
        '\tHidden string `json:"-"`',
        '\tinner int',
        '\tB',
        '}',
        'type B struct {',
        '\tTags []string `protobuf:"bytes,1,opt,name=the_tags,json=the-tags" json:"tags,omitempty"`',
        '}',
      ].join('\n'),
    );
    expect([...(structs.get('A')?.fields ?? [])]).toEqual([['name', 'string']]);
    expect(structs.get('A')?.inline).toEqual(['metav1.TypeMeta', 'B']);
    expect([...(structs.get('B')?.fields ?? [])]).toEqual([
      ['tags', '[]string'],
      ['the-tags', '[]string'],
    ]);
  });
});

describe('IstioOperator against the pinned Go types (operator/pkg/apis of the Istio module)', () => {
  test('a valid file passes; Kubernetes types and meshConfig are listed as not checked', () => {
    const result = checkIstioOperator(
      pinnedOperatorStructs(),
      operator({
        profile: 'minimal',
        tag: '1.31.0',
        meshConfig: { accessLogFile: '/dev/stdout' },
        components: {
          pilot: { enabled: true, k8s: { replicaCount: 1, resources: { requests: { cpu: '100m' } } } },
          ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, label: { istio: 'ingressgateway' } }],
        },
        values: { global: { proxy: { holdApplicationUntilProxyStarts: true } }, pilot: { autoscaleEnabled: false } },
      }),
    );
    expect(result.problems).toEqual([]);
    expect(result.unchecked).toEqual([
      'spec.meshConfig (json.RawMessage)',
      'spec.components.pilot.k8s.resources (*corev1.ResourceRequirements: field names checked, values not)',
    ]);
  });

  test('unknown fields (where istioctl refuses them, and in values, where it would ignore them) and wrong types fail', () => {
    const result = checkIstioOperator(
      pinnedOperatorStructs(),
      operator({
        profiel: 'minimal',
        components: { pilot: { enabled: 'yes', k8s: { replicaCount: -1, resources: { request: { cpu: '1' } } } } },
        values: { global: { proxy: { holdApplicationUntilProxyStart: true } } },
      }),
    );
    expect(result.problems.map((problem) => problem.split(' (')[0])).toEqual([
      'spec.profiel: unknown field',
      'spec.components.pilot.enabled: "yes" is not a BoolValue',
      'spec.components.pilot.k8s.replicaCount: -1 is not a uint32',
      'spec.components.pilot.k8s.resources.request: unknown field',
      'spec.values.global.proxy.holdApplicationUntilProxyStart: unknown field',
    ]);
  });
});
