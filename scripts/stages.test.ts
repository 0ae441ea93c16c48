// `npm test` runs its stages with one temporary folder of its own and removes it, keys and all.
// Unit test with tiny stages that write where lab runs and tests write; no cluster.
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { runStages } from './stages.ts';

describe('npm test stages (unit test)', () => {
  test('what the stages write to temporary folders and lab state is gone afterwards; each stage is reported', async () => {
    const before = readdirSync(tmpdir());
    const write = [
      "const fs = require('node:fs'), os = require('node:os'), path = require('node:path');",
      "const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-lab-'));",
      "fs.writeFileSync(path.join(dir, 'ca.key'), 'key', { mode: 0o600 });",
      "if (process.env.LAB_STATE_DIR) fs.writeFileSync(path.join(process.env.LAB_STATE_DIR, 'client.key'), 'key');",
      'console.log(process.env.TMPDIR, process.env.LAB_STATE_DIR ?? "");',
    ].join('\n');
    const results = await runStages(
      [
        { name: 'a test stage', command: [process.execPath, '-e', write] },
        { name: 'a lab run', command: [process.execPath, '-e', write], ownState: true },
        { name: 'a failing stage', command: [process.execPath, '-e', 'process.exit(3)'] },
      ],
      { cwd: process.cwd(), stdio: 'ignore' },
    );
    expect(results.map(({ name, ok }) => ({ name, ok }))).toEqual([
      { name: 'a test stage', ok: true },
      { name: 'a lab run', ok: true },
      { name: 'a failing stage', ok: false },
    ]);
    expect(readdirSync(tmpdir())).toEqual(before);
    expect(existsSync(tmpdir())).toBe(true);
  });
});
