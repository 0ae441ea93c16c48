import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { labYamlFiles, ownedObjects } from '../ownership.ts';
import { loadAllLabs } from '../registry.ts';
import { Lab } from '../schema.ts';
import { validateKindConfig } from './kind-config.ts';
import { cleanupProblems, commandProblems, patternProblems, READABLE_PATTERN } from './labs.ts';
import { imageProblem, validateManifest } from './manifests.ts';
import { parityProblems, stepUses, unmarkedShellBlocks } from './pages.ts';

describe('manifest validation', () => {
  test('accepts a valid Pod and collects its images', async () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: busybox:1.37.0\n';
    expect(await validateManifest('pod.yaml', pod)).toEqual({ problems: [], images: ['busybox:1.37.0'] });
  });

  test('refuses a Pod without containers, naming the field', async () => {
    const { problems } = await validateManifest(
      'pod.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec: {}\n',
    );
    expect(problems[0]?.message).toMatch(/Pod does not validate: .*containers/);
  });

  test('names fields the pinned schema does not know, where strict field validation would refuse them', async () => {
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: a',
      '  labels: { any-key: fine }',
      'spec:',
      '  containers:',
      '    - name: a',
      '      image: busybox:1.37.0',
      '      volumeMount: []',
      '  volumes:',
      '    - name: v',
      '      emptyDir: { medum: Memory }',
      '',
    ].join('\n');
    const messages = (await validateManifest('pod.yaml', pod)).problems.map((problem) => problem.message);
    expect(messages).toEqual([
      'Pod has a field the pinned schema does not know: spec.containers[0].volumeMount (a typo? the API server would refuse it)',
      'Pod has a field the pinned schema does not know: spec.volumes[0].emptyDir.medum (a typo? the API server would refuse it)',
    ]);
  });

  test('refuses removed and deprecated apiVersions with the replacement', async () => {
    const { problems } = await validateManifest(
      'd.yaml',
      'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: a\n',
    );
    expect(problems[0]?.message).toMatch(/extensions\/v1beta1, which is removed or deprecated: use apps\/v1/);
    const psp = await validateManifest(
      'p.yaml',
      'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: a\n',
    );
    expect(psp.problems[0]?.message).toMatch(/Pod Security admission/);
  });

  test('flags kinds that teach the old way', async () => {
    const { problems } = await validateManifest('e.yaml', 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: a\n');
    expect(problems.map((problem) => problem.message).join()).toMatch(/EndpointSlice/);
  });

  test('refuses unknown kinds and YAML that does not parse', async () => {
    expect(
      (await validateManifest('x.yaml', 'apiVersion: v1\nkind: Pood\nmetadata:\n  name: a\n')).problems[0]?.message,
    ).toMatch(/not in the pinned Kubernetes schemas/);
    expect((await validateManifest('x.yaml', 'a: [\n')).problems[0]?.message).toMatch(/YAML does not parse/);
  });

  test('images must be pinned', () => {
    expect(imageProblem('nginx')).toMatch(/no tag/);
    expect(imageProblem('nginx:latest')).toMatch(/:latest/);
    expect(imageProblem('registry.k8s.io:5000/pause')).toMatch(/no tag/);
    expect(imageProblem('nginx:1.27.3')).toBeUndefined();
    expect(imageProblem('nginx@sha256:abc')).toBeUndefined();
  });
});

describe('ownership: labels and cleanup by label', () => {
  const lab = {
    id: 'demo',
    namespaces: ['demo'],
    cleanup: [
      'kubectl delete namespace -l fieldlab.dev/lab=demo',
      'kubectl delete clusterrole -l fieldlab.dev/lab=demo',
    ],
  };
  const labelled = '  labels:\n    fieldlab.dev/lab: demo';
  test('namespaced objects live in the lab’s namespaces; Namespaces and cluster-scoped objects carry the lab’s label and are deleted by it', () => {
    const text = [
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n${labelled}`,
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: kube-system',
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: demo-reader\n${labelled}`,
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: other-reader\n  labels:\n    fieldlab.dev/lab: other',
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: demo-binding\n${labelled}`,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: demo',
    ].join('\n---\n');
    expect(cleanupProblems(lab, 'x.yaml', text).map((problem) => problem.message)).toEqual([
      "namespace other is not in the lab's namespaces, so cleanup would leave it behind",
      'Namespace demo does not carry the label fieldlab.dev/lab: demo; cleanup deletes by that label only, and a run tells the lab’s objects from anyone else’s by it'.replaceAll(
        '’',
        "'",
      ),
      'ConfigMap a lives in namespace kube-system, which the lab does not own or clean up',
      'ClusterRole other-reader does not carry the label fieldlab.dev/lab: demo (it says other); cleanup deletes by that label only, and a run tells the lab’s objects from anyone else’s by it'.replaceAll(
        '’',
        "'",
      ),
      'cluster-scoped ClusterRoleBinding demo-binding is never deleted: add "kubectl delete clusterrolebinding -l fieldlab.dev/lab=demo" to the lab\'s cleanup commands',
    ]);
  });

  const base = Lab.parse({
    id: 'demo',
    title: { en: 'D', 'zh-cn': 'D' },
    summary: { en: 'D', 'zh-cn': 'D' },
    duration: 1,
    tools: [{ name: 'kubectl', min: '1.35.0' }],
    namespaces: ['demo'],
    steps: [
      {
        id: 'make',
        title: { en: 'm', 'zh-cn': 'm' },
        explain: { en: 'e', 'zh-cn': 'e' },
        run: ['kubectl create namespace demo', 'kubectl label namespace demo fieldlab.dev/lab=demo'],
        checks: [{ type: 'command', run: 'true', expect: {}, proves: { en: 'p', 'zh-cn': 'p' } }],
      },
    ],
    cleanup: ['kubectl delete namespace -l fieldlab.dev/lab=demo --wait=true --timeout=180s'],
  });

  test('cleanup that deletes by label, and a created namespace labelled right after, pass', () => {
    expect(commandProblems(base)).toEqual([]);
  });

  test('cleanup that deletes by name is refused, and so is a created namespace left without the label', () => {
    const byName = {
      ...base,
      cleanup: ['kubectl delete namespace demo --ignore-not-found', 'kubectl delete csr jane'],
    };
    expect(commandProblems(byName).map((problem) => problem.message)).toEqual([
      'cleanup command "kubectl delete namespace demo --ignore-not-found" deletes by name; delete by the lab\'s label only (kubectl delete … -l fieldlab.dev/lab=demo), so a run never removes what it did not create',
      'cleanup command "kubectl delete csr jane" deletes by name; delete by the lab\'s label only (kubectl delete … -l fieldlab.dev/lab=demo), so a run never removes what it did not create',
      'no cleanup command deletes the lab\'s namespaces: add "kubectl delete namespace -l fieldlab.dev/lab=demo --wait=true --timeout=180s"',
    ]);
    const step = base.steps[0] as (typeof base.steps)[number];
    const unlabelled = {
      ...base,
      steps: [{ ...step, run: ['kubectl create ns demo', 'kubectl label ns demo team=x'] }],
    };
    expect(commandProblems(unlabelled).map((problem) => problem.message)).toEqual([
      'step make creates namespace demo without labelling it: follow with "kubectl label namespace demo fieldlab.dev/lab=demo", or apply a Namespace manifest that carries the label',
    ]);
  });

  test('a command that pipes into head is refused: with pipefail it fails with 141 now and then', () => {
    const step = base.steps[0] as (typeof base.steps)[number];
    const piped = { ...base, steps: [{ ...step, run: [...step.run, 'kubectl get pods -o name | head -n 1'] }] };
    expect(commandProblems(piped).map((problem) => problem.message)).toEqual([
      'step make pipes into head ("kubectl get pods -o name | head -n 1"): with pipefail the command fails with 141 whenever head leaves before the writer ends; select with jsonpath, or use sed -n 1p, which reads everything',
    ]);
  });

  test('a long pattern must be told in words: the page would show it as noise', () => {
    const step = base.steps[0] as (typeof base.steps)[number];
    const pattern = `^(${Array.from({ length: 40 }, (_, index) => index).join('|')})$`;
    expect(pattern.length).toBeGreaterThan(READABLE_PATTERN);
    const check = {
      type: 'command' as const,
      run: 'echo 7',
      proves: step.checks[0]?.proves ?? { en: 'x', 'zh-cn': 'x' },
    };
    const long = { ...base, steps: [{ ...step, checks: [{ ...check, expect: { matches: pattern } }] }] };
    expect(patternProblems(long).map((problem) => problem.message)).toEqual([
      `step make: the check's pattern is ${pattern.length} characters long; say what it accepts in expect.describe (both languages), which the page and the CLI show instead`,
    ]);
    const told = { en: 'a number from 0 to 39', 'zh-cn': '0 到 39 之间的一个数' };
    const described = {
      ...base,
      steps: [{ ...step, checks: [{ ...check, expect: { matches: pattern, describe: told } }] }],
    };
    expect(patternProblems(described)).toEqual([]);
  });

  test('every lab of the project labels its namespaces and cluster-scoped objects with its id and deletes only by that label', async () => {
    const labs = await loadAllLabs();
    expect(labs.length).toBeGreaterThan(0);
    for (const lab of labs) {
      const problems = [...commandProblems(lab)];
      for (const file of labYamlFiles(lab.id)) problems.push(...cleanupProblems(lab, file, readFileSync(file, 'utf8')));
      expect(problems, lab.id).toEqual([]);
      const owned = ownedObjects(lab);
      expect(
        owned
          .filter((object) => object.kind === 'Namespace')
          .map((object) => object.name)
          .sort(),
      ).toEqual([...lab.namespaces].sort());
    }
  });
});

describe('kind config validation', () => {
  test('accepts the audit-style config with a versionless kubeadm patch', () => {
    const config = [
      'kind: Cluster',
      'apiVersion: kind.x-k8s.io/v1alpha4',
      'nodes:',
      '  - role: control-plane',
      '    extraMounts:',
      '      - hostPath: ./files',
      '        containerPath: /etc/kubernetes/policies',
      '        readOnly: true',
      '    extraPortMappings:',
      '      - containerPort: 30080',
      '        hostPort: 30080',
      '    kubeadmConfigPatches:',
      '      - |',
      '        kind: ClusterConfiguration',
      '        apiServer:',
      '          extraArgs:',
      '            - name: audit-log-path',
      '              value: /var/log/kubernetes/audit.log',
      '',
    ].join('\n');
    expect(validateKindConfig(config)).toEqual([]);
  });

  test('refuses unknown fields and a v1beta3 patch kind would not convert', () => {
    expect(validateKindConfig('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnode: []\n')[0]).toMatch(
      /Unrecognized key/,
    );
    const v1beta3 =
      'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nkubeadmConfigPatches:\n  - |\n    apiVersion: kubeadm.k8s.io/v1beta3\n    kind: ClusterConfiguration\n';
    expect(validateKindConfig(v1beta3)[0]).toMatch(/v1beta4.*drop apiVersion/);
  });
});

describe('page parity', () => {
  const lab = Lab.parse({
    id: 'x',
    title: { en: 'X', 'zh-cn': 'X' },
    summary: { en: 'X', 'zh-cn': 'X' },
    duration: 1,
    tools: [{ name: 'kubectl', min: '1.35.0' }],
    steps: ['one', 'two'].map((id) => ({
      id,
      title: { en: id, 'zh-cn': id },
      explain: { en: 'e', 'zh-cn': 'e' },
      run: ['true'],
      checks: [{ type: 'command', run: 'true', expect: {}, proves: { en: 'p', 'zh-cn': 'p' } }],
    })),
  });
  const page = (slug: string, text: string) => ({ slug, file: `${slug}.mdx`, text });
  const both = '<LabStep lab="x" step="one" />\n\ntext\n\n<LabStep lab="x" step="two" />\n';

  test('finds step uses in order', () => {
    expect(stepUses(both)).toEqual([
      { lab: 'x', step: 'one' },
      { lab: 'x', step: 'two' },
    ]);
  });

  test('passes when both languages render every step', () => {
    expect(parityProblems([lab], { en: [page('x/a', both)], zh: [page('x/a', both)] })).toEqual([]);
  });

  test('names a missing twin, a missing step and a different order', () => {
    const swapped = '<LabStep lab="x" step="two" />\n<LabStep lab="x" step="one" />\n';
    const problems = parityProblems([lab], { en: [page('x/a', both), page('x/b', '')], zh: [page('x/a', swapped)] });
    expect(problems).toContain('x/b: the English page has no zh-cn twin (src/content/docs/zh-cn/x/b.mdx)');
    expect(problems).toContain('x/a: the English and Chinese pages do not render the same lab steps in the same order');
    const missing = parityProblems([lab], {
      en: [page('x/a', '<LabStep lab="x" step="one" />')],
      zh: [page('x/a', '<LabStep lab="x" step="one" />')],
    });
    expect(missing).toContain('lab x: step two appears on no en page');
    expect(missing).toContain('lab x: step two appears on no zh-cn page');
  });

  test('counts hand-written shell blocks without "untested", ignoring other languages and closing fences', () => {
    const text = '```sh\nkubectl get pods\n```\n\n```sh untested\nbrew install kind\n```\n\n```yaml\na: 1\n```\n';
    expect(unmarkedShellBlocks(text)).toBe(1);
  });
});
