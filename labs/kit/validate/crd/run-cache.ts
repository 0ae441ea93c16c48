// A vitest global setup (project unit): parses the pinned CRDs once for the whole run and hands the
// workers a JSON file of them (RUN_CACHE_ENV), inside the run's temporary folder, removed at the end.
// When Go or the module proxy is missing it writes nothing: the tests that need the CRDs then fail
// themselves, each with the reason.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinnedCrds, RUN_CACHE_ENV, serializeIndex } from './pinned.ts';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'pinned-crds-'));
  try {
    const file = join(dir, 'index.json');
    writeFileSync(file, serializeIndex(pinnedCrds()));
    process.env[RUN_CACHE_ENV] = file;
  } catch {
    // reported by the tests that read the CRDs
  }
  return () => {
    delete process.env[RUN_CACHE_ENV];
    rmSync(dir, { recursive: true, force: true });
  };
}
