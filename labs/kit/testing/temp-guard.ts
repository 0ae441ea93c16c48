// A vitest setup file (project unit): each test file gets a temporary folder of its own as TMPDIR, and
// whatever the file's tests leave in it (CA and client keys, sandboxes, work folders) fails the file, then
// goes. So `npm test` leaves nothing in /tmp, and a test that forgets to clean up is named.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const outer = process.env.TMPDIR;
const own = mkdtempSync(join(tmpdir(), 'fieldlab-test-'));
process.env.TMPDIR = own;

// Registered before the file's own hooks, so (after-hooks run in reverse) it runs after all of them.
afterAll(() => {
  if (outer === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  const left = readdirSync(own);
  rmSync(own, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `the tests of this file left ${left.length} temporary ${left.length === 1 ? 'folder or file' : 'folders or files'} behind (${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''}): remove what a test makes (onTestFinished, afterAll)`,
    );
  }
});
