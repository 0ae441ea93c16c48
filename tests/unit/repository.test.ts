// The repository's own files: the licenses.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../../labs/kit/paths.ts';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

describe('licenses', () => {
  test('LICENSE is the Apache License 2.0, byte for byte as the ASF publishes it (LICENSE-2.0.txt)', () => {
    const bytes = readFileSync(join(repoRoot, 'LICENSE'));
    expect(bytes.length).toBe(11358);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30',
    );
  });

  test('LICENSE-docs puts the articles under CC BY 4.0 and links to its summary and legal code', () => {
    const text = read('LICENSE-docs');
    expect(text).toContain('src/content/docs/');
    expect(text).toContain('https://creativecommons.org/licenses/by/4.0/\n');
    expect(text).toContain('https://creativecommons.org/licenses/by/4.0/legalcode');
  });

  test('package.json names both, as an SPDX expression; the README says which is which', () => {
    expect(JSON.parse(read('package.json')).license).toBe('Apache-2.0 AND CC-BY-4.0');
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('\n## License\n'));
    expect(section).toMatch(/\[Apache License 2\.0\]\(LICENSE\)/);
    expect(section).toMatch(/\[LICENSE-docs\]\(LICENSE-docs\)/);
  });
});
