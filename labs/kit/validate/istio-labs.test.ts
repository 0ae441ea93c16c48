import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { repoRoot } from '../paths.ts';
import { loadAllLabs } from '../registry.ts';
import { validateLab } from './labs.ts';
import { meshReport, meshYamlFiles } from './mesh-lab.ts';

// The real Istio labs: every Istio and Gateway API object of labs/istio-*/{manifests,files} against the
// pinned CRDs, every IstioOperator file against the pinned Go types, and the analyze rules over each lab
// folder's objects together. Needs Go and the module proxy (or a warm module cache); fails without them.
const folders = readdirSync(join(repoRoot, 'labs'))
  .filter((name) => name.startsWith('istio-'))
  .filter((name) => meshYamlFiles(join(repoRoot, 'labs', name)).length > 0)
  .sort();

describe('the Istio labs, offline', () => {
  test('there are Istio lab files to check', () => {
    expect(folders.length).toBeGreaterThan(0);
    const reports = folders.map((name) => meshReport(join(repoRoot, 'labs', name)));
    expect(reports.reduce((sum, report) => sum + report.crdObjects + report.operatorFiles, 0)).toBeGreaterThan(0);
  });

  test.each(folders)('labs/%s: schemas and analyze rules find nothing', (name) => {
    const report = meshReport(join(repoRoot, 'labs', name));
    expect(report.problems.map((problem) => `${problem.file}: ${problem.message}`)).toEqual([]);
  });
});

describe('npm run validate, for the Istio labs', () => {
  test('lets the CRD kinds through the Kubernetes-schema pass and reports the offline Istio proofs', async () => {
    const labs = (await loadAllLabs()).filter((lab) => folders.includes(lab.id));
    expect(labs.length).toBeGreaterThan(0);
    for (const lab of labs) {
      const report = await validateLab(lab);
      expect(report.mesh, lab.id).toBeDefined();
      expect(report.mesh?.problems).toEqual([]);
      expect(report.problems.filter((problem) => /not in the pinned Kubernetes schemas/.test(problem.message))).toEqual(
        [],
      );
    }
  });
});

describe('meshReport', () => {
  test('names a files/ YAML that does not parse (a duplicate key, say) instead of skipping it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-lab-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'files'));
    writeFileSync(
      join(dir, 'files', 'route.yaml'),
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: a\n  name: b\nspec: {}\n',
    );
    expect(meshReport(dir).problems.map((problem) => problem.message)).toEqual([
      'YAML does not parse: Map keys must be unique at line 5, column 3:',
    ]);
  });
});
