// The repository's own files: the licenses, and the workflow that publishes the site.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
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

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

describe('the GitHub Pages workflow', () => {
  const workflow = parse(read('.github/workflows/pages.yml')) as {
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  test('every action is pinned by its major version', () => {
    const uses = steps.flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action, action).toMatch(/^actions\/[a-z-]+@v\d+$/);
  });

  test('the build gets the site URL from configure-pages as its one setting, and publishes dist/', () => {
    const build = workflow.jobs.build as Job;
    const pages = build.steps.find((step) => step.uses?.startsWith('actions/configure-pages@'));
    const run = build.steps.find((step) => step.run === 'npm run build');
    expect(run?.env).toEqual({ FIELDLAB_SITE_URL: `\${{ steps.${pages?.id}.outputs.base_url }}` });
    expect(build.steps.indexOf(pages as Step)).toBeLessThan(build.steps.indexOf(run as Step));
    const upload = build.steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(upload?.with).toEqual({ path: 'dist' });
  });

  test('only the deploy job may write to Pages', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.build?.permissions).toBeUndefined();
    expect(workflow.jobs.deploy?.needs).toBe('build');
    expect(workflow.jobs.deploy?.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
  });
});
