import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ISTIO } from '../../../istio-setup/istio.ts';
import { metadataProblems } from './custom-objects.ts';
import { goModuleDir } from './go-modules.ts';
import { type GoStruct, jsonFields, parseGoStructs } from './go-structs.ts';
import { kubernetesFieldProblems } from './k8s-probes.ts';

/**
 * The Istio module has no CRD for install.istio.io/v1alpha1 IstioOperator (the in-cluster operator is
 * gone; istioctl reads the file). `istioctl install -f` decodes it with encoding/json's
 * DisallowUnknownFields into the Go type apis.IstioOperator (operator/pkg/apis/validation), then reads
 * `spec.values` into apis.Values. This checks a file against those Go types as the module source
 * declares them: every field name and scalar type of the IstioOperator structs, and of the Values
 * structs (where istioctl itself would silently ignore an unknown key, which a tutorial must not have).
 * Kubernetes types inside (corev1.Probe and the like) get their field names checked against the pinned
 * kubernetes-models declarations, not their values; meshConfig (json.RawMessage, its proto lives in
 * istio.io/api) and free-form Structs are not checked at all. Both are listed as such.
 */
export interface OperatorResult {
  problems: string[];
  /** Paths whose content was not checked, with the Go type that holds them. */
  unchecked: string[];
}

const SCALARS: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  bool: (value) => typeof value === 'boolean',
  BoolValue: (value) => typeof value === 'boolean',
  'wrapperspb.BoolValue': (value) => typeof value === 'boolean',
  uint32: (value) => Number.isInteger(value) && (value as number) >= 0,
  int32: (value) => Number.isInteger(value),
  int64: (value) => Number.isInteger(value),
  float32: (value) => typeof value === 'number',
  float64: (value) => typeof value === 'number',
  'wrapperspb.UInt32Value': (value) => Number.isInteger(value) && (value as number) >= 0,
  'wrapperspb.Int32Value': (value) => Number.isInteger(value),
  'durationpb.Duration': (value) => typeof value === 'string',
  // Its UnmarshalJSON (value_types_json.go) takes an integer or a string.
  IntOrString: (value) => Number.isInteger(value) || typeof value === 'string',
};

/** Types that take any JSON value by design. */
const FREE_FORM = new Set(['any', 'interface{}', 'structpb.Value', 'structpb.Struct']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

interface Walk {
  structs: Map<string, GoStruct>;
  problems: string[];
  unchecked: string[];
}

function checkValue(goType: string, value: unknown, path: string, walk: Walk): void {
  const type = goType.replace(/^\*/, '');
  if (value === null || FREE_FORM.has(type)) return;
  if (type.startsWith('[]')) {
    if (!Array.isArray(value)) walk.problems.push(`${path}: must be a list (Go ${goType})`);
    else for (const [index, item] of value.entries()) checkValue(type.slice(2), item, `${path}[${index}]`, walk);
    return;
  }
  const map = type.match(/^map\[string\](.+)$/);
  if (map) {
    if (!isObject(value)) walk.problems.push(`${path}: must be a map (Go ${goType})`);
    else for (const [key, item] of Object.entries(value)) checkValue(map[1] as string, item, `${path}.${key}`, walk);
    return;
  }
  const scalar = SCALARS[type];
  if (scalar) {
    if (!scalar(value)) walk.problems.push(`${path}: ${JSON.stringify(value)} is not a ${type}`);
    return;
  }
  if (type === 'metav1.ObjectMeta') {
    // istioctl reads the file and needs no name; the fields and their types still count.
    walk.problems.push(...metadataProblems(value, false));
    return;
  }
  if (walk.structs.has(type)) {
    checkStruct(type, value, path, walk);
    return;
  }
  const kubernetes = kubernetesFieldProblems(goType, value, path);
  if (kubernetes) {
    walk.problems.push(...kubernetes);
    walk.unchecked.push(`${path} (${goType}: field names checked, values not)`);
    return;
  }
  walk.unchecked.push(`${path} (${goType})`);
}

function checkStruct(name: string, value: unknown, path: string, walk: Walk): void {
  if (!isObject(value)) {
    walk.problems.push(`${path}: must be an object (Go ${name})`);
    return;
  }
  const fields = jsonFields(walk.structs, name);
  for (const [key, child] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    const goType = fields.get(key);
    if (goType === undefined) {
      walk.problems.push(`${where}: unknown field (Go ${name} has ${[...fields.keys()].sort().join(', ')})`);
    } else if (name === 'IstioOperatorSpec' && key === 'values') {
      checkValue('Values', child, where, walk);
    } else if (goType === 'json.RawMessage') {
      walk.unchecked.push(`${where} (${goType})`);
    } else {
      checkValue(goType, child, where, walk);
    }
  }
}

/** Checks one parsed IstioOperator document against Go structs (types.go and values_types.pb.go). */
export function checkIstioOperator(structs: Map<string, GoStruct>, object: unknown): OperatorResult {
  const walk: Walk = { structs, problems: [], unchecked: [] };
  checkStruct('IstioOperator', object, '', walk);
  return { problems: walk.problems, unchecked: walk.unchecked };
}

let cached: Map<string, GoStruct> | undefined;

/** The Go structs of operator/pkg/apis in the pinned Istio module. */
export function pinnedOperatorStructs(): Map<string, GoStruct> {
  if (cached) return cached;
  const dir = join(goModuleDir(ISTIO.module, ISTIO.moduleVersion), 'operator', 'pkg', 'apis');
  const structs = new Map<string, GoStruct>();
  for (const file of ['types.go', 'values_types.pb.go']) {
    for (const [name, struct] of parseGoStructs(readFileSync(join(dir, file), 'utf8'))) structs.set(name, struct);
  }
  if (!structs.has('IstioOperator') || !structs.has('Values')) {
    throw new Error(
      `operator/pkg/apis of ${ISTIO.module}@${ISTIO.moduleVersion} has no IstioOperator or Values struct`,
    );
  }
  cached = structs;
  return structs;
}
