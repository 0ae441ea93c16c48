import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { repoRoot } from '../labs/kit/paths.ts';
import { serve } from '../tests/site/support.ts';

/**
 * `npm run bench`: the performance budgets of DESIGN.md, measured, never asserted
 * in tests. Prints a table and writes .bench/results.json.
 */
const dist = join(repoRoot, 'dist');
const BUDGET = { buildSeconds: 60, extraJsKb: 10, performance: 0.99, other: 1 };
const PAGES = ['/', '/storage/volumes/', '/zh-cn/', '/zh-cn/storage/volumes/'];
/** Lighthouse scores vary from run to run; its authors recommend the median of several. */
const RUNS = 3;
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

function build(): number {
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', '.bin', 'astro'), 'build'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  if (result.status !== 0) throw new Error('astro build failed; run "npm run build" to see why');
  return (Date.now() - started) / 1000;
}

/** Gzipped bytes of every script a page loads, following static imports between chunks. */
function scriptBytes(page: string): number {
  const html = readFileSync(join(dist, page, 'index.html'), 'utf8');
  const seen = new Set<string>();
  let total = 0;
  for (const match of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const src = /src="([^"]+)"/.exec(match[0])?.[1];
    if (!src && match[1]?.trim() && !/type="application\/(ld\+)?json"/.test(match[0]))
      total += gzipSync(match[1]).length;
  }
  const queue = [...html.matchAll(/<script\b[^>]*src="(\/[^"]+\.js)"/g)].map((match) => match[1] as string);
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file) || !existsSync(join(dist, file))) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    total += gzipSync(code).length;
    for (const imported of code.matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      queue.push(join(dirname(file), imported[1] as string));
    }
  }
  return total;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function lighthouseScores(base: string): Promise<Record<string, Record<string, number>>> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  const scores: Record<string, Record<string, number>> = {};
  try {
    for (const page of PAGES) {
      const runs: Record<string, number[]> = {};
      for (let run = 0; run < RUNS; run += 1) {
        const result = await lighthouse(`${base}${page}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
        });
        for (const [id, category] of Object.entries(result?.lhr.categories ?? {})) {
          const list = runs[id] ?? [];
          list.push(category.score ?? 0);
          runs[id] = list;
        }
      }
      scores[page] = Object.fromEntries(Object.entries(runs).map(([id, values]) => [id, median(values)]));
    }
  } finally {
    await chrome.kill();
  }
  return scores;
}

const buildSeconds = build();
const baseline = scriptBytes('how-labs-work');
const article = scriptBytes('storage/volumes');
const { url, server } = await serve();
const scores = await lighthouseScores(url);
server.close();

const rows: [string, string, string, boolean][] = [
  [
    'full build, both languages',
    `${buildSeconds.toFixed(1)} s`,
    `< ${BUDGET.buildSeconds} s`,
    buildSeconds < BUDGET.buildSeconds,
  ],
  ['JS, plain Starlight page (gzip)', `${(baseline / 1024).toFixed(1)} KB`, 'baseline', true],
  [
    'JS, lab article (gzip)',
    `${(article / 1024).toFixed(1)} KB`,
    `≤ baseline + ${BUDGET.extraJsKb} KB`,
    article - baseline <= BUDGET.extraJsKb * 1024,
  ],
];
for (const [page, categories] of Object.entries(scores)) {
  for (const [category, score] of Object.entries(categories)) {
    const budget = category === 'performance' ? BUDGET.performance : BUDGET.other;
    rows.push([
      `Lighthouse ${category} ${page} (median of ${RUNS})`,
      score.toFixed(2),
      `≥ ${budget.toFixed(2)}`,
      score >= budget,
    ]);
  }
}
const width = Math.max(...rows.map((row) => row[0].length));
for (const [name, value, budget, ok] of rows) {
  process.stdout.write(`${ok ? '✔' : '✘'} ${name.padEnd(width)}  ${value.padStart(9)}  ${budget}\n`);
}
mkdirSync(join(repoRoot, '.bench'), { recursive: true });
const output = join(repoRoot, '.bench', 'results.json');
writeFileSync(
  output,
  `${JSON.stringify({ when: new Date().toISOString(), buildSeconds, js: { baseline, article }, lighthouse: scores, budget: BUDGET }, null, 2)}\n`,
);
process.stdout.write(`results written to ${output}\n`);
process.exitCode = rows.every((row) => row[3]) ? 0 : 1;
