import { $, type ProcessPromise } from './deps.ts';

export interface ShOptions {
  cwd: string;
  /** The complete environment of the child; build it with `childEnv`. */
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  input?: string;
}

export interface ShResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

const running = new Set<ProcessPromise>();

/** How long a finished command's output may stay open for what it left running in the background. */
const ORPHAN_GRACE_MS = 2000;

// zx hands bash its arguments with `shell: true`, which Node 24 flags (DEP0190).
// The command is a single argument that zx has already quoted, so the warning
// is noise for a learner; every other warning still prints.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
  if (code === 'DEP0190') return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

/**
 * The one way the kit starts a process: a shell command run by bash with
 * `set -euo pipefail`, never throwing on a non-zero exit.
 */
export async function sh(command: string, options: ShOptions): Promise<ShResult> {
  const started = Date.now();
  const child = $({
    cwd: options.cwd,
    env: options.env,
    nothrow: true,
    quiet: true,
    verbose: false,
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs, timeoutSignal: 'SIGTERM' } : {}),
  })`bash -c ${`set -euo pipefail\n${command}`}`;
  running.add(child);
  // A process the command started in the background (`cmd &`) can outlive it and hold its output open;
  // Ctrl-C in a terminal leaves exactly that (the foreground processes die, a background one does not).
  // Once the command itself has exited, its result does not wait for such a process.
  let orphans: NodeJS.Timeout | undefined;
  child.child?.once('exit', () => {
    orphans = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, ORPHAN_GRACE_MS).unref();
  });
  try {
    const output = await child;
    const durationMs = Date.now() - started;
    const timedOut = options.timeoutMs !== undefined && output.exitCode === null && durationMs >= options.timeoutMs;
    return {
      command,
      exitCode: output.exitCode ?? 128 + 15,
      stdout: output.stdout,
      stderr: output.stderr,
      durationMs,
      timedOut,
    };
  } finally {
    clearTimeout(orphans);
    running.delete(child);
  }
}

/** Quotes a value for bash: single quotes, with embedded single quotes escaped. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A value as one bash word: as it is when it holds nothing bash would read (so that commands shown
 * to readers stay plain, `kubectl get pvc/data -n storage-lab`), single-quoted otherwise.
 */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : shellQuote(value);
}

/** Stops every child still running, e.g. on Ctrl-C before cleanup starts. */
export async function killRunning(): Promise<void> {
  await Promise.allSettled([...running].map((child) => child.kill('SIGTERM')));
}

/**
 * The environment of every child of a run. KUBECONFIG always names the run's
 * own file (or is removed for host work), whatever the user's shell says.
 */
export function childEnv(kubeconfig: string | undefined, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (kubeconfig === undefined) {
    // Host steps must not reach any cluster by accident.
    env.KUBECONFIG = '/dev/null';
  } else {
    env.KUBECONFIG = kubeconfig;
  }
  return env;
}
