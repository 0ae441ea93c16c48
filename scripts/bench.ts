import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { repoRoot } from '../labs/kit/paths.ts';
import { serve } from '../tests/site/support.ts';
import { BENCH_USAGE, BenchUsageError, parseBenchOptions } from './bench/options.ts';
import { articlePages, median, scriptBytes } from './bench/pages.ts';

/**
 * `npm run bench`: the performance budgets of DESIGN.md, measured, never asserted in tests.
 * Prints a table and writes .bench/results.json.
 */
const dist = join(repoRoot, 'dist');
const BUDGET = { buildSeconds: 60, extraJsKb: 10, performance: 0.99, other: 1 };
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

interface PageResult {
  /** Median score of each category over the runs. */
  scores: Record<string, number>;
  /** Every run's score of each category. */
  runs: Record<string, number[]>;
  /** Audits that cost points in the median run of a category below its budget: id and what Lighthouse saw. */
  missed: Record<string, string[]>;
}

function build(): number {
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', '.bin', 'astro'), 'build'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  if (result.status !== 0) throw new BenchUsageError('astro build failed; run "npm run build" to see why');
  return (Date.now() - started) / 1000;
}

const budgetOf = (category: string): number => (category === 'performance' ? BUDGET.performance : BUDGET.other);

async function measure(base: string, pages: string[], runs: number): Promise<Record<string, PageResult>> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  const results: Record<string, PageResult> = {};
  try {
    for (const [index, page] of pages.entries()) {
      process.stderr.write(`lighthouse ${index + 1}/${pages.length} ${page}\n`);
      const lhrs = [];
      for (let run = 0; run < runs; run += 1) {
        const result = await lighthouse(`${base}${page}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
        });
        if (!result) throw new BenchUsageError(`Lighthouse returned nothing for ${page}`);
        lhrs.push(result.lhr);
      }
      const entry: PageResult = { scores: {}, runs: {}, missed: {} };
      for (const category of CATEGORIES) {
        const values = lhrs.map((lhr) => lhr.categories[category]?.score ?? 0);
        const score = median(values);
        entry.runs[category] = values;
        entry.scores[category] = score;
        if (score >= budgetOf(category)) continue;
        const lhr = lhrs[values.indexOf(score)] ?? lhrs[0];
        if (!lhr) continue;
        entry.missed[category] = (lhr.categories[category]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => {
            const audit = lhr.audits[ref.id];
            return `${ref.id}${audit?.displayValue ? ` (${audit.displayValue})` : ''}`;
          });
      }
      results[page] = entry;
    }
  } finally {
    chrome.kill();
  }
  return results;
}

async function main(): Promise<number> {
  const known = articlePages(join(repoRoot, 'src', 'content', 'docs'));
  const options = parseBenchOptions(process.argv.slice(2), known);
  if (options.help) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  const pages = options.pages.length > 0 ? options.pages : known;
  const buildSeconds = options.build ? build() : undefined;
  const baseline = scriptBytes(dist, '/how-labs-work/');
  const js = Object.fromEntries(pages.map((page) => [page, scriptBytes(dist, page)]));
  const { url, server } = await serve();
  let lighthouseResults: Record<string, PageResult>;
  try {
    lighthouseResults = await measure(url, pages, options.runs);
  } finally {
    server.close();
  }

  const rows: [string, string, string, boolean][] = [];
  if (buildSeconds !== undefined) {
    rows.push([
      'full build, both languages',
      `${buildSeconds.toFixed(1)} s`,
      `< ${BUDGET.buildSeconds} s`,
      buildSeconds < BUDGET.buildSeconds,
    ]);
  }
  rows.push(['JS, plain Starlight page (gzip)', `${(baseline / 1024).toFixed(1)} KB`, 'baseline', true]);
  for (const page of pages) {
    const bytes = js[page] ?? 0;
    rows.push([
      `JS ${page} (gzip)`,
      `${(bytes / 1024).toFixed(1)} KB`,
      `≤ baseline + ${BUDGET.extraJsKb} KB`,
      bytes - baseline <= BUDGET.extraJsKb * 1024,
    ]);
  }
  for (const page of pages) {
    const result = lighthouseResults[page];
    for (const category of CATEGORIES) {
      const score = result?.scores[category] ?? 0;
      const budget = budgetOf(category);
      const missed = result?.missed[category];
      rows.push([
        `Lighthouse ${category} ${page}`,
        score.toFixed(2),
        `≥ ${budget.toFixed(2)}${missed?.length ? `  missed: ${missed.join(', ')}` : ''}`,
        score >= budget,
      ]);
    }
  }
  const width = Math.max(...rows.map((row) => row[0].length));
  for (const [name, value, budget, ok] of rows) {
    process.stdout.write(`${ok ? '✔' : '✘'} ${name.padEnd(width)}  ${value.padStart(9)}  ${budget}\n`);
  }
  const failed = rows.filter((row) => !row[3]).length;
  process.stdout.write(
    `${pages.length} page(s), Lighthouse median of ${options.runs} run(s) each (mobile, gzip): ${failed === 0 ? 'every budget met' : `${failed} budget(s) missed`}\n`,
  );
  mkdirSync(join(repoRoot, '.bench'), { recursive: true });
  const output = join(repoRoot, '.bench', 'results.json');
  const report = {
    when: new Date().toISOString(),
    runs: options.runs,
    ...(buildSeconds !== undefined ? { buildSeconds } : {}),
    js: { baseline, pages: js },
    lighthouse: lighthouseResults,
    budget: BUDGET,
  };
  writeFileSync(output, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`results written to ${output}\n`);
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 2;
}
