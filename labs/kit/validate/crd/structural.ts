/**
 * Validation of a value against a CRD's openAPIV3Schema the way the API server does it for a create with
 * strict field validation: defaults are applied first, a field the schema does not list is an error (unless
 * x-kubernetes-preserve-unknown-fields), x-kubernetes-int-or-string takes an integer or a string, `nullable`
 * allows null, oneOf/anyOf/allOf/not are value validations over the same value, and list-type set/map items
 * must be unique. CEL rules (x-kubernetes-validations) cannot run offline: they are counted, never evaluated.
 */

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  nullable?: boolean;
  default?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
}

export interface StructuralResult {
  /** `path: message`, one a line, as the API server words a field error. */
  errors: string[];
  /** CEL rules on the schema nodes this value reaches: they would run on the server, and did not here. */
  celRules: string[];
}

const patterns = new Map<string, RegExp | null>();

/** The schema's regular expressions are RE2 (Go); the ones CRDs use read the same as JavaScript's. */
function regex(pattern: string): RegExp | null {
  if (!patterns.has(pattern)) {
    try {
      patterns.set(pattern, new RegExp(pattern));
    } catch {
      patterns.set(pattern, null);
    }
  }
  return patterns.get(pattern) ?? null;
}

/** The formats the API server checks (kube-openapi's registry) that the pinned CRDs use; others are ignored, as there. */
const FORMATS: Record<string, (value: string) => boolean> = {
  'date-time': (value) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value)),
  byte: (value) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value),
  ipv4: (value) => /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(value),
  ipv6: (value) => value.includes(':') && /^[0-9A-Fa-f:.]+$/.test(value) && (value.match(/::/g) ?? []).length <= 1,
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(schema: Schema, value: unknown): boolean {
  const actual = typeOf(value);
  if (schema['x-kubernetes-int-or-string']) return actual === 'integer' || actual === 'string';
  if (!schema.type) return true;
  if (schema.type === 'number') return actual === 'number' || actual === 'integer';
  return schema.type === actual;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeOf(value) === 'object';
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

interface Walk {
  errors: string[];
  cel: string[];
  /** false inside oneOf/anyOf/allOf/not: value validations do not prune or refuse fields. */
  structural: boolean;
}

function scalarChecks(schema: Schema, value: unknown, path: string, errors: string[]): void {
  if (schema.enum && !schema.enum.some((allowed) => canonical(allowed) === canonical(value))) {
    errors.push(
      `${path}: Unsupported value: ${JSON.stringify(value)}: supported values: ${schema.enum.map((item) => JSON.stringify(item)).join(', ')}`,
    );
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      errors.push(`${path}: Invalid value: should be at least ${schema.minLength} chars long`);
    if (schema.maxLength !== undefined && length > schema.maxLength)
      errors.push(`${path}: Too long: may not be more than ${schema.maxLength} bytes`);
    if (schema.pattern !== undefined) {
      const expression = regex(schema.pattern);
      if (expression === null) errors.push(`${path}: the schema's pattern ${schema.pattern} is not a JavaScript regex`);
      else if (!expression.test(value))
        errors.push(`${path}: Invalid value: ${JSON.stringify(value)}: should match '${schema.pattern}'`);
    }
    const format = schema.format ? FORMATS[schema.format] : undefined;
    if (format && !format(value))
      errors.push(`${path}: Invalid value: ${JSON.stringify(value)}: should be a valid ${schema.format}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum))
      errors.push(`${path}: Invalid value: ${value}: should be greater than or equal to ${schema.minimum}`);
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum))
      errors.push(`${path}: Invalid value: ${value}: should be less than or equal to ${schema.maximum}`);
  }
}

function objectChecks(schema: Schema, value: Record<string, unknown>, path: string, walk: Walk): void {
  const keys = Object.keys(value);
  if (schema.minProperties !== undefined && keys.length < schema.minProperties)
    walk.errors.push(`${path}: should have at least ${schema.minProperties} properties`);
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties)
    walk.errors.push(`${path}: Too many: ${keys.length}: must have at most ${schema.maxProperties} items`);
  for (const key of schema.required ?? []) {
    if (!(key in value)) walk.errors.push(`${join(path, key)}: Required value`);
  }
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [key, child] of Object.entries(value)) {
    const property = schema.properties?.[key];
    if (property) visit(property, child, join(path, key), walk);
    else if (isObject(schema.additionalProperties)) visit(schema.additionalProperties, child, join(path, key), walk);
    else if (walk.structural && !preserve && schema.additionalProperties !== true) {
      walk.errors.push(`${join(path, key)}: field not declared in schema`);
    }
  }
}

function arrayChecks(schema: Schema, value: unknown[], path: string, walk: Walk): void {
  if (schema.minItems !== undefined && value.length < schema.minItems)
    walk.errors.push(`${path}: Invalid value: should have at least ${schema.minItems} items`);
  if (schema.maxItems !== undefined && value.length > schema.maxItems)
    walk.errors.push(`${path}: Too many: ${value.length}: must have at most ${schema.maxItems} items`);
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Set<string>();
    for (const [index, item] of value.entries()) {
      const identity =
        listType === 'set' ? canonical(item) : canonical(keys.map((key) => (isObject(item) ? item[key] : undefined)));
      if (seen.has(identity)) walk.errors.push(`${path}[${index}]: Duplicate value: ${identity}`);
      seen.add(identity);
    }
  }
  if (schema.items) for (const [index, item] of value.entries()) visit(schema.items, item, `${path}[${index}]`, walk);
}

function junctorChecks(schema: Schema, value: unknown, path: string, walk: Walk): void {
  const passes = (branch: Schema) => {
    const inner: Walk = { errors: [], cel: [], structural: false };
    visit(branch, value, path, inner);
    return inner.errors.length === 0;
  };
  const where = path || '<root>';
  if (schema.oneOf) {
    const matched = schema.oneOf.filter(passes).length;
    if (matched !== 1) {
      const fields = schema.oneOf.flatMap((branch) => branch.required ?? []);
      walk.errors.push(
        `${where}: Invalid value: must validate one and only one schema (oneOf), matched ${matched}${fields.length > 0 ? `; at most one of ${[...new Set(fields)].join(', ')} may be set` : ''}`,
      );
    }
  }
  if (schema.anyOf && !schema.anyOf.some(passes))
    walk.errors.push(`${where}: Invalid value: must validate at least one schema (anyOf)`);
  for (const branch of schema.allOf ?? []) {
    const inner: Walk = { errors: [], cel: [], structural: false };
    visit(branch, value, path, inner);
    walk.errors.push(...inner.errors);
  }
  if (schema.not && passes(schema.not)) walk.errors.push(`${where}: Invalid value: must not validate the schema (not)`);
}

function visit(schema: Schema, value: unknown, path: string, walk: Walk): void {
  const where = path || '<root>';
  if (walk.structural)
    for (const rule of schema['x-kubernetes-validations'] ?? []) walk.cel.push(`${where}: ${rule.rule}`);
  if (value === null) {
    if (!schema.nullable && walk.structural)
      walk.errors.push(
        `${where}: is null, and the field is not nullable: the API server drops it (an empty YAML value?)`,
      );
    return;
  }
  if (!typeMatches(schema, value)) {
    const expected = schema['x-kubernetes-int-or-string'] ? 'integer or string' : schema.type;
    walk.errors.push(`${where}: Invalid value: "${typeOf(value)}": ${where} in body must be of type ${expected}`);
    return;
  }
  scalarChecks(schema, value, where, walk.errors);
  if (isObject(value)) objectChecks(schema, value, path, walk);
  if (Array.isArray(value)) arrayChecks(schema, value, where, walk);
  junctorChecks(schema, value, path, walk);
}

/** Fills absent fields that carry a default, recursively, as the API server does before it validates. */
export function applyDefaults(schema: Schema, value: unknown): unknown {
  if (Array.isArray(value))
    return schema.items ? value.map((item) => applyDefaults(schema.items as Schema, item)) : value;
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const property =
      schema.properties?.[key] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    result[key] = property ? applyDefaults(property, child) : child;
  }
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (!(key in result) && property.default !== undefined) {
      result[key] = applyDefaults(property, structuredClone(property.default));
    }
  }
  return result;
}

/** Validates `value` (a whole object's body below its root, or any part) against a structural schema. */
export function validateStructural(schema: Schema, value: unknown, path = ''): StructuralResult {
  const walk: Walk = { errors: [], cel: [], structural: true };
  visit(schema, applyDefaults(schema, value), path, walk);
  return { errors: walk.errors, celRules: walk.cel };
}
