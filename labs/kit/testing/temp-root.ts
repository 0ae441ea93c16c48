// A vitest global setup (project unit): one temporary folder for the whole run, TMPDIR for every test
// worker, removed when the run ends. Each test file's own folder (temp-guard.ts) lives inside it, so
// even a file whose tests were all filtered out (its afterAll never runs) leaves nothing in /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const outer = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'fieldlab-vitest-'));
  process.env.TMPDIR = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
  };
}
