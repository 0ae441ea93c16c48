// A learner runs the CLI in a terminal: the spinner is on, and nothing the spinner does may keep the
// process alive once setting up the cluster has failed. Unit tests in a real pseudo-terminal (util-linux
// `script`) with fake docker/kind/kubectl on PATH; no cluster.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { addLab, calls, DEMO_FILES, demoLab, healthyDemo, rule, type Sandbox, sandbox } from './testing/harness.ts';
import { inTerminal } from './testing/terminal.ts';

function demo(tools?: string[], ports: number[] = []): Sandbox {
  const box = sandbox(tools);
  addLab(box, 'demo', demoLab({ ports: JSON.stringify(ports) }), DEMO_FILES);
  healthyDemo(box);
  return box;
}

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function takenPort(): Promise<number> {
  server = createServer();
  await new Promise<void>((resolve) => server?.listen(0, '0.0.0.0', resolve));
  return (server.address() as { port: number }).port;
}

interface EarlyFailure {
  name: string;
  box: () => Promise<Sandbox>;
  extra?: Record<string, string>;
  code: number;
  error: RegExp;
}

const EARLY_FAILURES: EarlyFailure[] = [
  {
    name: 'no Docker engine',
    box: async () => demo(),
    extra: { FAKE_DOCKER_DOWN: '1' },
    code: 2,
    error: /^lab: no Docker engine is reachable \(Cannot connect to the Docker daemon.*start Docker/,
  },
  {
    name: 'kind missing',
    box: async () => demo(['docker', 'kubectl']),
    code: 2,
    error: /^lab: kind not found on PATH: install kind v0\.33\.0 or newer/,
  },
  {
    name: 'kubectl too old',
    box: async () => demo(),
    extra: { FAKE_KUBECTL_VERSION: 'v1.29.2' },
    code: 2,
    error: /^lab: kubectl 1\.29\.2 is older than the 1\.35\.0 this lab needs/,
  },
  {
    name: 'a port the lab maps is in use',
    box: async () => demo(undefined, [await takenPort()]),
    code: 2,
    error: /^lab: port \d+ is in use on this machine/,
  },
  {
    name: 'kind cannot create the cluster',
    box: async () => {
      const box = demo();
      rule(box, 'kind', '^create cluster', 1, 'ERROR: failed to create cluster: could not find a log line\\n');
      return box;
    },
    code: 1,
    error: /^lab: kind could not create cluster fieldlab: ERROR: failed to create cluster/,
  },
];

describe('early failures in a terminal (unit tests in a pseudo-terminal)', () => {
  for (const failure of EARLY_FAILURES) {
    test(`${failure.name}: the spinner stops, one line says why, the CLI exits ${failure.code}`, async () => {
      const box = await failure.box();
      const result = await inTerminal(box, ['run', 'demo'], { ...(failure.extra ? { extra: failure.extra } : {}) });
      const shown = result.lines.join('\n');
      expect(result.code, shown).toBe(failure.code);
      const errors = result.lines.filter((line) => line.startsWith('lab: '));
      expect(errors, shown).toHaveLength(1);
      expect(errors[0]).toMatch(failure.error);
      // The error is the last thing on the screen: no spinner frame after it, no stack trace.
      expect(result.lines.at(-1), shown).toBe(errors[0]);
      expect(shown).not.toMatch(/^\s+at /m);
      // The spinner's line ends as failed instead of counting on.
      expect(shown).toMatch(/✘ cluster for demo: failed after/);
      expect(calls(box).some((call) => call.line.startsWith('kubectl apply'))).toBe(false);
    });
  }

  test('Ctrl-C in the terminal: the running step and the table say interrupted, the run cleans up and exits 130', async () => {
    const box = demo();
    rule(box, 'kubectl', 'wait pod/app --for=condition=Ready --timeout=60s', 'sleep');
    let pressed = false;
    const result = await inTerminal(box, ['run', 'demo'], {
      onOutput: (_output, type) => {
        const waiting = calls(box).some((call) => call.line.includes('wait pod/app --for=condition=Ready'));
        if (waiting && !pressed) {
          pressed = true;
          // What the keyboard sends: the terminal turns it into SIGINT for the CLI.
          type('\x03');
        }
      },
    });
    const shown = result.lines.join('\n');
    expect(pressed, shown).toBe(true);
    expect(result.code, shown).toBe(130);
    expect(shown).toMatch(/^SIGINT received: stopping the current command, then cleaning up\.$/m);
    expect(shown).toMatch(/^⚠ wait: Wait: interrupted after /m);
    expect(shown).toMatch(/^⚠ wait +cluster +interrupted +\S/m);
    expect(shown).toMatch(/^✔ deleted cluster fieldlab: ready after/m);
    expect(shown).not.toMatch(/failed/);
  });

  test('a run that passes in a terminal exits 0, each spinner line ending in its result', async () => {
    const result = await inTerminal(demo(), ['run', 'demo']);
    const shown = result.lines.join('\n');
    expect(result.code, shown).toBe(0);
    expect(shown).toMatch(/^✔ created cluster fieldlab: ready after/m);
    expect(shown).toMatch(/^✔ wait: Wait: ready after/m);
    expect(shown).toMatch(/^✔ deleted cluster fieldlab: ready after/m);
  });
});
