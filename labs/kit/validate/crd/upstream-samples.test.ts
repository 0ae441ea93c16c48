import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from '../../deps.ts';
import { validateCustomObject } from './custom-objects.ts';
import { goModuleDir } from './go-modules.ts';
import { checkIstioOperator, pinnedOperatorStructs } from './istio-operator.ts';
import { CRD_SOURCES, isMeshApiVersion, pinnedCrds } from './pinned.ts';

// An oracle for the offline validators: the objects the pinned releases ship as their own samples and
// examples are valid by construction, so a validator that refuses one of them is wrong, not the sample.
// And the inputs Istio's own tests mark invalid must be refused.

type Doc = Record<string, unknown> & { apiVersion?: unknown; kind?: unknown };

function documentsUnder(dir: string): { file: string; object: Doc }[] {
  const found: { file: string; object: Doc }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (document.errors.length > 0) continue;
      const object = document.toJS() as Doc | null;
      if (object && typeof object.apiVersion === 'string') found.push({ file: file.slice(dir.length + 1), object });
    }
  }
  return found;
}

const istioDir = () => goModuleDir(CRD_SOURCES.istio.module, CRD_SOURCES.istio.version);
const gatewayDir = () => goModuleDir(CRD_SOURCES.gatewayApi.module, CRD_SOURCES.gatewayApi.version);

describe('the validators agree with the pinned releases', () => {
  test('every Istio sample and Gateway API standard example of a served version validates', () => {
    const index = pinnedCrds();
    const objects = [
      ...documentsUnder(join(istioDir(), 'samples')),
      ...documentsUnder(join(gatewayDir(), 'examples', 'standard')),
    ].filter(({ object }) => isMeshApiVersion(String(object.apiVersion)));
    const served = objects.filter(({ object }) => {
      const [group, version] = String(object.apiVersion).split('/');
      return index.versions.get(`${group}/${version}/${String(object.kind)}`)?.served === true;
    });
    expect(served.length).toBeGreaterThan(150);
    const refused = served
      .map(({ file, object }) => ({ file, problems: validateCustomObject(index, object).problems }))
      .filter((result) => result.problems.length > 0);
    expect(refused).toEqual([]);
  });

  test('every IstioOperator of the Istio samples and install profiles passes the Go-type check', () => {
    const structs = pinnedOperatorStructs();
    const operators = [
      ...documentsUnder(join(istioDir(), 'samples')),
      ...documentsUnder(join(istioDir(), 'manifests', 'profiles')),
    ].filter(({ object }) => object.kind === 'IstioOperator');
    expect(operators.length).toBeGreaterThan(10);
    const refused = operators
      .map(({ file, object }) => ({ file, problems: checkIstioOperator(structs, object).problems }))
      .filter((result) => result.problems.length > 0);
    expect(refused).toEqual([]);
  });

  test("the IstioOperator inputs Istio's own tests call invalid are refused", () => {
    const structs = pinnedOperatorStructs();
    const input = join(istioDir(), 'operator', 'cmd', 'mesh', 'testdata', 'manifest-generate', 'input');
    const problems = (name: string) =>
      documentsUnder(input)
        .filter(({ file }) => file === name)
        .flatMap(({ object }) => checkIstioOperator(structs, object).problems.map((problem) => problem.split(' (')[0]));
    expect(problems('invalid-k8s.yaml')).toEqual(['spec.components.ztunnel.k8s.tolerations[0].thats: unknown field']);
    expect(problems('flag_force.yaml')).toEqual(['spec.values.global.badKey: unknown field']);
  });
});
