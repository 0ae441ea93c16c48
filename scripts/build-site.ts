import { astroBuild, runBuild } from './build-check.ts';

/**
 * `npm test`'s build stage: `astro build` with its output shown as it comes, failing when the build printed a
 * warning (see build-check.ts). Extra arguments go to `astro build` (`--outDir DIR`).
 */
const { code, warnings } = await runBuild([...astroBuild, ...process.argv.slice(2)]);
if (code !== 0) process.exit(code);
if (warnings.length > 0) {
  process.stderr.write(
    `\n✘ the site built, but printed ${warnings.length} warning(s):\n${warnings.map((line) => `  ${line}\n`).join('')}` +
      'Fix the cause; if it is known to be harmless, filter it where it is made, with a comment saying why.\n',
  );
  process.exit(1);
}
process.stdout.write('✔ the site built without a warning\n');
