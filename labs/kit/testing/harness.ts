import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, '..', '..', '..');
const schemaPath = join(repo, 'labs', 'kit', 'schema.ts');

/** A throwaway world for one test: labs, state, HOME, a user kubeconfig, fake tools and their call log. */
export interface Sandbox {
  root: string;
  labsDir: string;
  stateDir: string;
  home: string;
  userKubeconfig: string;
  homeKubeconfig: string;
  log: string;
  rules: string;
  fakeState: string;
  bin: string;
}

/** Call it inside a test: the sandbox is removed when the test finishes, passed or failed. */
export function sandbox(tools: readonly string[] = ['docker', 'kind', 'kubectl']): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'lab-kit-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const box: Sandbox = {
    root,
    labsDir: join(root, 'labs'),
    stateDir: join(root, 'state'),
    home: join(root, 'home'),
    userKubeconfig: join(root, 'user.kubeconfig'),
    homeKubeconfig: join(root, 'home', '.kube', 'config'),
    log: join(root, 'calls.tsv'),
    rules: join(root, 'rules.tsv'),
    fakeState: join(root, 'fake-state'),
    bin: join(root, 'bin'),
  };
  for (const dir of [box.labsDir, box.stateDir, dirname(box.homeKubeconfig), box.fakeState, box.bin]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(box.userKubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: production\n# the user's own\n");
  writeFileSync(box.homeKubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: staging\n# in HOME\n');
  writeFileSync(box.log, '');
  writeFileSync(box.rules, '');
  // Only the chosen fakes go on PATH, so a test can remove one tool.
  const source = join(here, 'fake-bin');
  writeFileSync(join(box.bin, '_record'), readFileSync(join(source, '_record')));
  for (const tool of tools) {
    writeFileSync(join(box.bin, tool), readFileSync(join(source, tool)), { mode: 0o755 });
  }
  return box;
}

/** Writes labs/<id>/lab.ts (and optional files) into the sandbox. */
export function addLab(box: Sandbox, id: string, definition: string, files: Record<string, string> = {}): void {
  const dir = join(box.labsDir, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'lab.ts'),
    `import { defineLab } from ${JSON.stringify(schemaPath)};\nexport default defineLab(${definition});\n`,
  );
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export function rule(box: Sandbox, tool: string, regex: string, code: number | 'sleep', stdout = ''): void {
  writeFileSync(box.rules, `${readFileSync(box.rules, 'utf8')}${tool}\t${regex}\t${code}\t${stdout}\n`);
}

export function env(box: Sandbox, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${box.bin}:/usr/bin:/bin`,
    HOME: box.home,
    KUBECONFIG: box.userKubeconfig,
    LAB_LABS_DIR: box.labsDir,
    LAB_STATE_DIR: box.stateDir,
    FAKE_LOG: box.log,
    FAKE_RULES: box.rules,
    FAKE_STATE: box.fakeState,
    CI: 'true',
    // Whatever a test runs, the doctor's registry checks stay on loopback: every registry is asked at port
    // 9 of 127.0.0.1 (one fetch refuses to open: "bad port") unless the test points it at a server of its own.
    LAB_REGISTRY_PROBE: '*=http://127.0.0.1:9',
    ...extra,
  };
}

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function start(
  box: Sandbox,
  args: string[],
  extra: Record<string, string> = {},
): { child: ChildProcess; done: Promise<Result> } {
  const child = spawn(process.execPath, [join(repo, 'scripts', 'lab.ts'), ...args], {
    cwd: repo,
    env: env(box, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<Result>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function cli(box: Sandbox, args: string[], extra: Record<string, string> = {}): Promise<Result> {
  return start(box, args, extra).done;
}

export interface Call {
  tool: string;
  kubeconfig: string;
  cwd: string;
  args: string[];
  line: string;
}

export function calls(box: Sandbox): Call[] {
  return readFileSync(box.log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [tool, kubeconfig, cwd, ...args] = line.split('\t');
      return {
        tool: tool ?? '',
        kubeconfig: kubeconfig ?? '',
        cwd: cwd ?? '',
        args,
        line: `${tool} ${args.join(' ')}`,
      };
    });
}

export async function waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A small lab with one host step, two cluster steps, a namespace, cleanup and a host exercise. */
export function demoLab(overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id: `'demo'`,
    title: `{ en: 'Demo', 'zh-cn': '演示' }`,
    summary: `{ en: 'A lab for the kit tests.', 'zh-cn': '用于测试的实验。' }`,
    duration: '5',
    tools: `[{ name: 'docker', min: '24.0' }, { name: 'kind', min: '0.33.0' }, { name: 'kubectl', min: '1.35.0' }]`,
    images: `['busybox:1.37.0']`,
    namespaces: `['demo']`,
    ports: '[]',
    steps: `[
      { id: 'make-file', title: { en: 'Make a file', 'zh-cn': '建文件' }, explain: { en: 'e', 'zh-cn': 'e' }, where: 'host',
        run: ['echo hello > out.txt', 'printf %s "$KUBECONFIG" > host-kubeconfig.txt'],
        checks: [{ type: 'command', run: 'cat out.txt', expect: { equals: 'hello' }, proves: { en: 'the file says hello', 'zh-cn': '文件内容为 hello' } }] },
      { id: 'apply', title: { en: 'Apply', 'zh-cn': '应用' }, explain: { en: 'e', 'zh-cn': 'e' },
        run: ['kubectl apply -f manifests/demo.yaml'],
        checks: [{ type: 'jsonpath', resource: 'namespace/demo', path: '{.status.phase}', expect: { equals: 'Active' }, timeout: '1s',
          proves: { en: 'the namespace is active', 'zh-cn': '命名空间处于 Active' } }] },
      { id: 'wait', title: { en: 'Wait', 'zh-cn': '等待' }, explain: { en: 'e', 'zh-cn': 'e' },
        run: ['kubectl -n demo wait pod/app --for=condition=Ready --timeout=60s'],
        checks: [{ type: 'condition', resource: 'pod/app', namespace: 'demo', condition: 'Ready', timeout: '1s',
          proves: { en: 'the Pod is ready', 'zh-cn': 'Pod 已就绪' } }] },
    ]`,
    exercises: `[{ id: 'broken-file', title: { en: 'Broken file', 'zh-cn': '坏文件' }, where: 'host', after: ['make-file'],
      break: ['echo broken > out.txt'], hint: { en: 'Look at out.txt', 'zh-cn': '看看 out.txt' },
      verify: [{ type: 'command', run: 'cat out.txt', expect: { equals: 'hello' }, timeout: '1s', proves: { en: 'the file says hello again', 'zh-cn': '文件恢复为 hello' } }],
      solve: ['echo hello > out.txt'] }]`,
    cleanup: `['kubectl delete namespace -l fieldlab.dev/lab=demo --wait=true --timeout=180s']`,
    ...overrides,
  };
  return `{ ${Object.entries(fields)
    .map(([key, value]) => `${JSON.stringify(key)}: ${value}`)
    .join(',\n')} }`;
}

export const DEMO_FILES = {
  'manifests/demo.yaml':
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n  labels:\n    fieldlab.dev/lab: demo\n',
};

/** The fake kubectl answers the demo lab's jsonpath check as a healthy cluster would. */
export function healthyDemo(box: Sandbox): void {
  rule(box, 'kubectl', 'get namespace/demo -o jsonpath', 0, 'Active');
}

/** A sandbox holding the demo lab on a fake cluster that answers its check as a healthy one would. */
export function demoSandbox(tools?: readonly string[]): Sandbox {
  const box = sandbox(tools);
  addLab(box, 'demo', demoLab(), DEMO_FILES);
  healthyDemo(box);
  return box;
}
