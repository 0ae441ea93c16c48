import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from '../deps.ts';
import { repoRoot } from '../paths.ts';
import { validateCustomObject } from './crd/custom-objects.ts';
import { checkIstioOperator, pinnedOperatorStructs } from './crd/istio-operator.ts';
import { isMeshApiVersion, pinnedCrds } from './crd/pinned.ts';
import type { Problem } from './manifests.ts';
import { analyze } from './mesh/analyze.ts';
import { type Finding, labObjects } from './mesh/objects.ts';

/** What the offline Istio proofs found in one lab folder. */
export interface MeshReport {
  /** Schema problems (CRD openAPIV3Schema, IstioOperator Go types) and analyze findings, as validate prints them. */
  problems: Problem[];
  findings: Finding[];
  /** Objects checked against a pinned CRD, and IstioOperator files checked against the Go types. */
  crdObjects: number;
  operatorFiles: number;
  /** CEL rules that apply to the lab's objects: the API server runs them, this cannot. */
  celRules: number;
  /** IstioOperator paths whose content is not checked (Kubernetes types inside, meshConfig). */
  unchecked: string[];
  /** `apiVersion/kind` of every CRD kind checked, so the Kubernetes-schema pass can let them through. */
  crdKinds: Set<string>;
}

const OPERATOR = 'install.istio.io/v1alpha1/IstioOperator';

/** The YAML files of a lab folder that a reader applies or installs from: manifests/ and files/. */
export function meshYamlFiles(dir: string): string[] {
  return ['manifests', 'files']
    .map((folder) => join(dir, folder))
    .filter((folder) => existsSync(folder))
    .flatMap((folder) =>
      readdirSync(folder, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
        .map((entry) => join(entry.parentPath, entry.name)),
    )
    .sort();
}

function documents(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text)
    .filter((document) => document.errors.length === 0)
    .map((document) => document.toJS() as unknown)
    .filter(
      (value): value is Record<string, unknown> =>
        value !== null &&
        typeof value === 'object' &&
        typeof (value as { apiVersion?: unknown }).apiVersion === 'string',
    );
}

/** Whether a lab folder has any Istio or Gateway API object (only then are the pinned modules needed). */
export function hasMeshObjects(dir: string): boolean {
  return meshYamlFiles(dir).some((file) =>
    documents(readFileSync(file, 'utf8')).some(
      (object) => isMeshApiVersion(String(object.apiVersion)) || `${object.apiVersion}/${object.kind}` === OPERATOR,
    ),
  );
}

/**
 * Every Istio and Gateway API object of a lab folder against the pinned CRDs, every IstioOperator file
 * against the pinned Go types, and the analyze rules over all of the folder's objects together.
 * Throws when the pinned modules cannot be had (goModuleDir says why).
 */
export function meshReport(dir: string): MeshReport {
  const report: MeshReport = {
    problems: [],
    findings: [],
    crdObjects: 0,
    operatorFiles: 0,
    celRules: 0,
    unchecked: [],
    crdKinds: new Set(),
  };
  const texts: { file: string; text: string }[] = [];
  for (const path of meshYamlFiles(dir)) {
    const file = relative(repoRoot, path);
    const text = readFileSync(path, 'utf8');
    texts.push({ file, text });
    // manifests/ parse errors are validateManifest's to report; files/ has no other reader here.
    if (!file.includes('/manifests/')) {
      for (const document of parseAllDocuments(text).filter((item) => item.errors.length > 0)) {
        report.problems.push({
          file,
          message: `YAML does not parse: ${document.errors[0]?.message.split('\n')[0]}`,
        });
      }
    }
    for (const object of documents(text)) {
      const apiVersion = String(object.apiVersion);
      const where = `${file} (${String(object.kind)} ${String((object.metadata as { name?: unknown })?.name)})`;
      if (`${apiVersion}/${object.kind}` === OPERATOR) {
        report.operatorFiles += 1;
        const result = checkIstioOperator(pinnedOperatorStructs(), object);
        report.problems.push(
          ...result.problems.map((message) => ({ file: where, message: `IstioOperator: ${message}` })),
        );
        report.unchecked.push(...result.unchecked.map((path) => `${file}: ${path}`));
      } else if (isMeshApiVersion(apiVersion)) {
        report.crdObjects += 1;
        report.crdKinds.add(`${apiVersion}/${String(object.kind)}`);
        const result = validateCustomObject(pinnedCrds(), object);
        report.problems.push(...result.problems.map((message) => ({ file: where, message })));
        report.celRules += result.celRules.length;
      }
    }
  }
  report.findings = analyze(labObjects(texts));
  report.problems.push(
    ...report.findings.map((item) => ({ file: item.file, message: `${item.object}: ${item.message} [${item.rule}]` })),
  );
  return report;
}

/** One line for `npm run validate`: what was proven offline for a lab, and what was left to a cluster. */
export function meshSummary(labId: string, report: MeshReport): string {
  return (
    `istio ${labId}: ${report.crdObjects} objects against the pinned CRDs, ${report.operatorFiles} IstioOperator file(s) against the Go types, ` +
    `${report.findings.length} analyze findings; not checked offline: ${report.celRules} CEL rules, ${report.unchecked.length} IstioOperator settings (meshConfig, values of Kubernetes types)`
  );
}
