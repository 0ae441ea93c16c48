import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../labs/kit/paths.ts';

/**
 * A green site build prints no warning: what is known to be harmless is filtered where it is made, with a
 * comment saying why (astro.config.mjs, build.rolldownOptions.onwarn), so that a new warning stands out.
 * `npm test`'s build stage (scripts/build-site.ts) and the base-path site test fail on any warning they see.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what this removes.
const ANSI = /\u001b\[[0-9;]*m/g;

/** The warnings (and errors) in a build's output, one line each, without colours. */
export function warningsIn(output: string): string[] {
  return output
    .replace(ANSI, '')
    .split('\n')
    .filter((line) => /\[(WARN|ERROR)\]|^\(node:\d+\) .*Warning\b|^\s*warn(ing)?\b/i.test(line))
    .map((line) => line.trim());
}

export interface BuildResult {
  code: number;
  warnings: string[];
}

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  /** Keep the output to ourselves instead of passing it through (tests). */
  quiet?: boolean;
}

/** Runs a build command from the repository root, passing its output through, and returns its warnings. */
export function runBuild(command: readonly string[], options: BuildOptions = {}): Promise<BuildResult> {
  const { env = process.env, quiet = false } = options;
  return new Promise((resolve) => {
    const [file, ...args] = command as [string, ...string[]];
    const child = spawn(file, args, {
      cwd: repoRoot,
      env: { ...env, ...(process.stdout.isTTY && env.FORCE_COLOR === undefined ? { FORCE_COLOR: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (!quiet) process.stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (!quiet) process.stderr.write(chunk);
    });
    child.on('error', (error) => resolve({ code: 127, warnings: [`${file}: ${error.message}`] }));
    child.on('close', (code) => resolve({ code: code ?? 1, warnings: warningsIn(output) }));
  });
}

export const astroBuild = [process.execPath, join(repoRoot, 'node_modules', '.bin', 'astro'), 'build'] as const;
