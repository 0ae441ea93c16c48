import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One stage of `npm test`: a command, run from the repository root. */
export interface Stage {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** The stage gets a state folder of its own as LAB_STATE_DIR (lab runs: their work folders, keys and all). */
  ownState?: boolean;
}

export interface StageResult {
  name: string;
  ok: boolean;
  ms: number;
}

export interface StageOptions {
  cwd: string;
  /** Called before each stage. */
  announce?: (stage: Stage) => void;
  stdio?: 'inherit' | 'ignore';
}

function run(stage: Stage, options: StageOptions, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const [command, ...args] = stage.command as [string, ...string[]];
    const child = spawn(command, args, { cwd: options.cwd, stdio: options.stdio ?? 'inherit', env });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(127));
  });
}

/**
 * Runs the stages in order. Everything they write to a temporary folder goes to one folder of the run's
 * own (TMPDIR for every stage, and each lab run's state inside it), which is removed at the end, on
 * Ctrl-C too: a run leaves no CA or client key, no sandbox and no work folder in /tmp.
 */
export async function runStages(stages: readonly Stage[], options: StageOptions): Promise<StageResult[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'fieldlab-npm-test-'));
  const remove = () => rmSync(scratch, { recursive: true, force: true });
  const interrupted = (signal: NodeJS.Signals) => {
    remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const results: StageResult[] = [];
  try {
    for (const [index, stage] of stages.entries()) {
      options.announce?.(stage);
      const env: NodeJS.ProcessEnv = { ...process.env, ...stage.env, TMPDIR: scratch };
      if (stage.ownState) env.LAB_STATE_DIR = mkdtempSync(join(scratch, `state-${index}-`));
      const started = Date.now();
      const code = await run(stage, options, env);
      results.push({ name: stage.name, ok: code === 0, ms: Date.now() - started });
    }
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    remove();
  }
  return results;
}
