import { describe, expect, test } from 'vitest';
import { goRawConst, goStringConst } from './kind-source.ts';

// The shape of kind's pkg/build/nodeimage/const_*.go, written for this test.
const source = [
  'package nodeimage',
  '',
  'const helperImage = "docker.io/example/helper:v1"',
  'const mainImage = "docker.io/example/main:v2"',
  '',
  'const manifest = `',
  'kind: Pod',
  'image: ` + mainImage + `',
  'helper: ` + helperImage + `',
  '`',
  '',
].join('\n');

describe("reading kind's node defaults from its Go source (unit tests)", () => {
  test('string constants', () => {
    expect(goStringConst(source, 'mainImage')).toBe('docker.io/example/main:v2');
    expect(() => goStringConst(source, 'nothing')).toThrow(/no string constant nothing/);
  });

  test('raw strings joined with constants', () => {
    const constants = { mainImage: 'docker.io/example/main:v2', helperImage: 'docker.io/example/helper:v1' };
    expect(goRawConst(source, 'manifest', constants)).toBe(
      '\nkind: Pod\nimage: docker.io/example/main:v2\nhelper: docker.io/example/helper:v1\n',
    );
    expect(() => goRawConst(source, 'manifest', { mainImage: 'x' })).toThrow(/cannot read constant manifest/);
  });
});
