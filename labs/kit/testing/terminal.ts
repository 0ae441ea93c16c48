import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { env, repo, type Sandbox } from './harness.ts';

export interface TerminalRun {
  /** Extra environment for the CLI. CI is unset, so the CLI behaves as in a learner's terminal. */
  extra?: Record<string, string>;
  /** Called with all output so far on every chunk; `type` sends keys to the terminal. */
  onOutput?: (output: string, type: (keys: string) => void) => void;
  /** The process must exit within this time, or the run fails (and is killed). */
  limitMs?: number;
}

export interface TerminalResult {
  code: number | null;
  /** Raw bytes the terminal received, escapes included. */
  output: string;
  /** What the screen shows at the end: escapes removed, each line as its last redraw left it. */
  lines: string[];
}

/** The lines a terminal shows for this output: a carriage return redraws the line, ANSI escapes draw nothing. */
export function screenLines(output: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
  const plain = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return plain
    .split(/\r*\n/)
    .map((line) => (line.split('\r').pop() ?? '').trimEnd())
    .filter((line) => line !== '');
}

/**
 * Runs the CLI in a real pseudo-terminal (util-linux `script`), where stdout and stdin are TTYs, so the
 * spinner and the prompts are on as in a learner's shell. A process that has not exited after `limitMs`
 * is killed and the promise rejects with what the terminal showed: a hang fails the test, never stalls it.
 */
export function inTerminal(box: Sandbox, args: string[], run: TerminalRun = {}): Promise<TerminalResult> {
  const limitMs = run.limitMs ?? 20_000;
  const command = [process.execPath, join(repo, 'scripts', 'lab.ts'), ...args]
    .map((part) => `'${part.replaceAll("'", `'\\''`)}'`)
    .join(' ');
  // `script` puts the CLI in a session of its own on the terminal; killing `script` closes the terminal,
  // and the CLI gets SIGHUP.
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: repo,
    env: { ...env(box), ...run.extra, CI: '' },
  });
  let output = '';
  const type = (keys: string) => child.stdin.write(keys);
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    run.onOutput?.(output, type);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const shown = screenLines(output).slice(-5).join('\n');
      reject(new Error(`the CLI was still running after ${limitMs} ms; the terminal last showed:\n${shown}`));
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, lines: screenLines(output) });
    });
  });
}
