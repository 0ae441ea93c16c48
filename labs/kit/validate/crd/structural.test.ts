import { describe, expect, test } from 'vitest';
import { type Schema, validateStructural } from './structural.ts';

const port: Schema = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[a-z]+$', maxLength: 8 },
    target: { 'x-kubernetes-int-or-string': true },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    protocol: { type: 'string', enum: ['TCP', 'UDP'], default: 'TCP' },
    note: { type: 'string', nullable: true },
    weight: { type: 'integer', minimum: 0, maximum: 100 },
    tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
    match: {
      type: 'object',
      properties: { exact: { type: 'string' }, prefix: { type: 'string' } },
      oneOf: [
        { not: { anyOf: [{ required: ['exact'] }, { required: ['prefix'] }] } },
        { required: ['exact'] },
        { required: ['prefix'] },
      ],
    },
    timeout: { type: 'string', 'x-kubernetes-validations': [{ rule: "duration(self) >= duration('1ms')" }] },
  },
  required: ['name', 'protocol'],
};

const errors = (value: unknown) => validateStructural(port, value).errors;

describe('structural schema validation (as the API server validates a CRD object)', () => {
  test('a valid value passes; defaults fill required fields first', () => {
    expect(errors({ name: 'web', target: 8080, labels: { a: 'b' }, extra: { any: { thing: 1 } }, note: null })).toEqual(
      [],
    );
    expect(errors({ name: 'web', target: 'http' })).toEqual([]);
  });

  test('a field the schema does not list is refused, unless preserve-unknown-fields', () => {
    expect(errors({ name: 'web', wieght: 3 })).toEqual(['wieght: field not declared in schema']);
    expect(errors({ name: 'web', extra: { free: true } })).toEqual([]);
  });

  test('types, int-or-string, enum, pattern, length and range are checked', () => {
    expect(errors({ name: 'web', target: 1.5 })).toEqual([
      'target: Invalid value: "number": target in body must be of type integer or string',
    ]);
    expect(errors({ name: 'Web' })[0]).toMatch(/^name: Invalid value: "Web": should match/);
    expect(errors({ name: 'abcdefghi' })[0]).toMatch(/^name: Too long/);
    expect(errors({ name: 'web', protocol: 'SCTP' })[0]).toMatch(/^protocol: Unsupported value: "SCTP"/);
    expect(errors({ name: 'web', weight: 101 })[0]).toMatch(/^weight: Invalid value: 101/);
    expect(errors({ name: 'web', labels: { a: 1 } })[0]).toMatch(/^labels\.a: Invalid value: "integer"/);
  });

  test('null is allowed only where nullable; required fields must be there', () => {
    expect(errors({ name: 'web', weight: null })[0]).toMatch(/^weight: is null, and the field is not nullable/);
    expect(errors({ target: 1 })).toEqual(['name: Required value']);
  });

  test('oneOf is a value validation: at most one of exact and prefix', () => {
    expect(errors({ name: 'web', match: { exact: '/a' } })).toEqual([]);
    expect(errors({ name: 'web', match: {} })).toEqual([]);
    expect(errors({ name: 'web', match: { exact: '/a', prefix: '/' } })).toEqual([
      'match: Invalid value: must validate one and only one schema (oneOf), matched 2; at most one of exact, prefix may be set',
    ]);
  });

  test('list-type set refuses duplicates', () => {
    expect(errors({ name: 'web', tags: ['a', 'a'] })).toEqual(['tags[1]: Duplicate value: "a"']);
  });

  test('CEL rules are counted where a value reaches them, never evaluated', () => {
    expect(validateStructural(port, { name: 'web', timeout: '0s' })).toEqual({
      errors: [],
      celRules: ["timeout: duration(self) >= duration('1ms')"],
    });
    expect(validateStructural(port, { name: 'web' }).celRules).toEqual([]);
  });
});
