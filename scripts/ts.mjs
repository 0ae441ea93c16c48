// Runs one of the project's TypeScript scripts: `node scripts/ts.mjs scripts/lab.ts <args>`.
// Plain JavaScript on purpose, so that any Node can read it: the scripts themselves need a Node that runs
// TypeScript (type stripping, on by default from Node 22.18 and 23.6). `npm run` puts the project's own
// Node 24 (node_modules/.bin/node) first on PATH; a command copied out of package.json and run with an
// older system Node gets one line that says so, instead of a stack trace.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [, , script, ...rest] = process.argv;
if (script === undefined) {
  process.stderr.write('usage: node scripts/ts.mjs <script.ts> [arguments]\n');
  process.exit(2);
}
if (!process.features.typescript) {
  process.stderr.write(
    `${script}: this Node (${process.version}) does not run TypeScript; use the npm scripts ("npm run lab -- list"), which run the project's own Node 24 from node_modules/.bin after "npm ci", or install Node 22.18 or newer\n`,
  );
  process.exit(1);
}
// The script sees the arguments as if it had been started itself.
process.argv = [process.argv[0], resolve(script), ...rest];
await import(pathToFileURL(resolve(script)).href);
