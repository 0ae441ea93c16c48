import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from '../kit/deps.ts';
import { labDir } from '../kit/paths.ts';
import { imagesDir } from '../kit/recipes.ts';
import { parseLab } from '../kit/registry.ts';
import { childEnv, sh, shellQuote } from '../kit/sh.ts';
import { validateLab } from '../kit/validate/labs.ts';
import definition, { HOST_PORT, NODE_PORT } from './lab.ts';
import { TREE } from './tree.ts';

const lab = parseLab(definition, 'labs/troubleshooting/lab.ts', 'troubleshooting');
const LAB_DIR = labDir('troubleshooting');
const TESTDATA = join(LAB_DIR, 'testdata');
const env = childEnv(undefined);

/** Answers one question from recorded inputs, exactly as diagnose.sh combines them. */
async function answer(question: string, dir: string): Promise<{ text: string; code: number }> {
  const inputs = readdirSync(dir)
    .filter((file) => file !== 'expected.txt')
    .map((file) => `--slurpfile ${file} ${shellQuote(join(dir, file))}`)
    .join(' ');
  const program = join(LAB_DIR, 'files', 'diagnose', `${question}.jq`);
  const result = await sh(
    `jq -n ${inputs} '$ARGS.named | map_values(.[0])' | jq -r -L ${shellQuote(join(LAB_DIR, 'files', 'diagnose'))} -f ${shellQuote(program)}`,
    { cwd: LAB_DIR, env, timeoutMs: 30_000 },
  );
  return { text: result.stdout.trim(), code: result.exitCode };
}

function documents(file: string): { kind: string; metadata: { name: string; labels?: Record<string, string> } }[] {
  return parseAllDocuments(readFileSync(join(LAB_DIR, file), 'utf8')).map(
    (doc) => doc.toJS() as { kind: string; metadata: { name: string; labels?: Record<string, string> } },
  );
}

describe('manifests and kind config', () => {
  test('validate against the Kubernetes schemas and kind, and the export passes shellcheck', async () => {
    const report = await validateLab(lab);
    expect(report.problems).toEqual([]);
    expect(report.kindConfigs).toBe(1);
  });

  test('every Namespace and cluster-scoped object the lab creates is labelled with the lab', () => {
    const objects = [...documents('manifests/namespaces.yaml'), ...documents('manifests/policy-enforcer.yaml')];
    const owned = objects.filter((object) => ['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(object.kind));
    expect(owned.map((object) => object.metadata.name).sort()).toEqual([
      'tshoot-app',
      'tshoot-client',
      'tshoot-kube-router',
      'tshoot-kube-router',
      'tshoot-system',
    ]);
    for (const object of owned) expect(object.metadata.labels?.['fieldlab.dev/lab']).toBe('troubleshooting');
  });

  test('kind.yaml publishes the NodePort Service’s node port on loopback only, at the port the lab names', () => {
    const kind = readFileSync(join(LAB_DIR, 'kind.yaml'), 'utf8');
    expect(kind).toContain(`containerPort: ${NODE_PORT}`);
    expect(kind).toContain(`hostPort: ${HOST_PORT}`);
    expect(kind).toContain('listenAddress: 127.0.0.1');
    expect(readFileSync(join(LAB_DIR, 'manifests', 'web.yaml'), 'utf8')).toContain(`nodePort: ${NODE_PORT}`);
    expect(lab.ports).toEqual([HOST_PORT]);
  });
});

describe('the toolbox', () => {
  const packages = readFileSync(join(LAB_DIR, 'files', 'toolbox', 'packages.txt'), 'utf8')
    .trim()
    .split('\n');

  test('the Dockerfile builds on a Debian base pinned by digest and installs packages.txt', () => {
    const dockerfile = readFileSync(join(LAB_DIR, 'files', 'toolbox', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM debian:bookworm-slim@sha256:[0-9a-f]{64}$/m);
    expect(dockerfile).toContain('xargs -a /tmp/packages.txt apt-get install');
  });

  test('the source-built recipe installs exactly the Dockerfile’s package list and tags the image the lab uses', async () => {
    const { recipe } = (await import(join(imagesDir(), 'toolbox', 'recipe.ts'))) as {
      recipe: { images: string[]; debian: { packages: string[] } };
    };
    expect(recipe.debian.packages).toEqual(packages);
    expect(recipe.images).toEqual(['localhost/fieldlab/toolbox:1.0']);
    expect(lab.images).toContain('localhost/fieldlab/toolbox:1.0');
  });

  test('the packages hold every tool the page promises', () => {
    for (const name of ['bind9-dnsutils', 'curl', 'iputils-ping', 'apache2-utils', 'siege', 'tcpdump', 'iproute2']) {
      expect(packages).toContain(name);
    }
  });
});

describe('the decision tree', () => {
  test('every branch shows a command that a step of the lab runs, and names an existing exercise', () => {
    for (const branch of TREE) {
      const step = lab.steps.find((candidate) => candidate.id === branch.step);
      expect(step?.run, branch.id).toContain(branch.command);
      if (branch.exercise) expect(lab.exercises.map((exercise) => exercise.id)).toContain(branch.exercise);
    }
  });

  test('every exercise is reached from a branch of the tree', () => {
    const reached = new Set(TREE.flatMap((branch) => (branch.exercise ? [branch.exercise] : [])));
    expect(lab.exercises.map((exercise) => exercise.id).filter((id) => !reached.has(id))).toEqual([]);
  });
});

describe('the exercises', () => {
  test('there are at least the seven the issue asks for, each with a hint in both languages', () => {
    expect(lab.exercises.map((exercise) => exercise.id)).toEqual([
      'selector-mismatch',
      'wrong-target-port',
      'readiness-probe',
      'dns-down',
      'nodeport-unreachable',
      'ip-forward-off',
      'network-policy',
    ]);
    for (const exercise of lab.exercises) {
      expect(exercise.hint.en.length).toBeGreaterThan(40);
      expect(exercise.hint['zh-cn'].length).toBeGreaterThan(20);
    }
  });

  test('every verify starts with a diagnosis that can say what is still wrong, then proves the call works', () => {
    for (const exercise of lab.exercises) {
      const [diagnosis, call] = exercise.verify;
      expect(diagnosis?.type === 'command' && diagnosis.run.startsWith('bash files/diagnose.sh ')).toBe(true);
      expect(call?.type === 'command' && /curl /.test(call.run)).toBe(true);
    }
  });

  test('the solutions never delete the thing that broke: the policy stays, the Service stays', () => {
    for (const exercise of lab.exercises) {
      expect(exercise.solve.join('\n')).not.toMatch(/kubectl( -n \S+)? delete/);
    }
  });
});

/** Recordings of diagnose.sh's inputs on the lab's cluster (DIAGNOSE_SAVE), healthy and with each fault. */
const cases = existsSync(TESTDATA) ? readdirSync(TESTDATA).sort() : [];

describe('diagnose.sh decisions on recorded kubectl -o json documents', () => {
  test('recordings exist for every question, healthy and broken', () => {
    const questions = ['selector', 'ready', 'ports', 'dns', 'nodeport', 'forwarding', 'policy'];
    for (const question of questions) {
      expect(cases, question).toContain(`${question}-healthy`);
      expect(cases, question).toContain(`${question}-broken`);
    }
  });

  test.each(cases)('%s', async (name) => {
    const question = name.split('-')[0] as string;
    const dir = join(TESTDATA, name);
    const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').trim().split('\n');
    const { text, code } = await answer(question, dir);
    expect(code, text).toBe(0);
    expect(text.startsWith(name.endsWith('-healthy') ? 'ok: ' : 'problem: '), text).toBe(true);
    for (const fragment of expected) expect(text).toContain(fragment);
  });
});
