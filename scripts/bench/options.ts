/** The command line of `npm run bench`. */
export interface BenchOptions {
  /** Paths of the pages to measure (`/storage/volumes/`); every article page when empty. */
  pages: string[];
  /** Lighthouse runs per page; the median of each category is reported. */
  runs: number;
  /** Measure the build in dist/ instead of building first (no build time then). */
  build: boolean;
  help: boolean;
}

export class BenchUsageError extends Error {}

export const BENCH_USAGE = `usage: npm run bench -- [--page PATH]... [--runs N] [--no-build]

Builds the site, then measures the budgets of DESIGN.md: the build's time, the JavaScript each article page loads
(gzip) against a plain Starlight page, and Lighthouse (mobile) on every article page in both languages, served
with gzip as a static host serves them. Prints a table, writes .bench/results.json, exits 1 when a budget is missed.
Measure on an idle machine: Lighthouse's simulated throttling scales the CPU time it observes.

  --page PATH   measure only this page, e.g. /zh-cn/storage/volumes/ (repeat for more)
  --runs N      Lighthouse runs per page, the median is reported (default 3, 1 to 9)
  --no-build    measure the build already in dist/ (the build time is then not measured)
`;

/** Parses argv (without node and the script); a mistake is a BenchUsageError with one line. */
export function parseBenchOptions(argv: string[], known: readonly string[]): BenchOptions {
  const options: BenchOptions = { pages: [], runs: 3, build: true, help: false };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    const value = (): string => {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) throw new BenchUsageError(`${arg} needs a value`);
      index += 1;
      return next;
    };
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--runs') {
      const text = value();
      const runs = Number(text);
      if (!/^[0-9]+$/.test(text) || runs < 1 || runs > 9) {
        throw new BenchUsageError(`--runs takes a whole number from 1 to 9, not "${text}"`);
      }
      options.runs = runs;
    } else if (arg === '--page') {
      const text = value();
      const page = `/${text.replace(/^\/+/, '').replace(/\/?$/, '/')}`.replace(/^\/\/$/, '/');
      if (!known.includes(page)) {
        throw new BenchUsageError(`no article page ${text}; the pages are ${known.join(', ')}`);
      }
      if (!options.pages.includes(page)) options.pages.push(page);
    } else throw new BenchUsageError(`unknown option ${arg}; see npm run bench -- --help`);
  }
  return options;
}
