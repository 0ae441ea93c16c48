/**
 * Deciding a weighted split from a sample. Envoy picks a weighted cluster per request at random,
 * so with weight p for v2 the number of v2 answers among n requests is Binomial(n, p). A check
 * accepts the count when it lies in [low, high], a region chosen so that a correct split falls
 * outside it with probability below `alpha` (the false-failure rate), split evenly between the tails.
 */

/** log of n choose k, exact enough for n in the thousands. */
function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i += 1) sum += Math.log(n - k + i) - Math.log(i);
  return sum;
}

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(n: number, p: number, k: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(low <= X <= high) for X ~ Binomial(n, p). */
export function probabilityWithin(n: number, p: number, low: number, high: number): number {
  let sum = 0;
  for (let k = Math.max(0, low); k <= Math.min(n, high); k += 1) sum += binomialPmf(n, p, k);
  return Math.min(1, sum);
}

export interface Region {
  n: number;
  p: number;
  low: number;
  high: number;
  /** The probability that a correct split (weight p) gives a count outside [low, high]. */
  falseFailure: number;
}

/** The narrowest central region whose two tails each hold less than alpha / 2 of a correct split. */
export function acceptanceRegion(n: number, p: number, alpha: number): Region {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, not ${n}`);
  if (!(p > 0 && p < 1)) throw new Error(`p must lie strictly between 0 and 1, not ${p}`);
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha must lie strictly between 0 and 1, not ${alpha}`);
  let low = 0;
  let below = 0;
  while (low < n && below + binomialPmf(n, p, low) < alpha / 2) {
    below += binomialPmf(n, p, low);
    low += 1;
  }
  let high = n;
  let above = 0;
  while (high > 0 && above + binomialPmf(n, p, high) < alpha / 2) {
    above += binomialPmf(n, p, high);
    high -= 1;
  }
  return { n, p, low, high, falseFailure: below + above };
}

/** Whether a count of v2 answers is consistent with the split. */
export function decide(region: Region, count: number): 'consistent' | 'inconsistent' {
  return count >= region.low && count <= region.high ? 'consistent' : 'inconsistent';
}

/**
 * A regular expression (POSIX ERE and JavaScript alike, no \\d) matching exactly the decimal
 * integers low..high, without leading zeros: what a check's `expect.matches` can hold.
 */
export function integerRangePattern(low: number, high: number): string {
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < 0 || high < low) {
    throw new Error(`not a range of non-negative integers: ${low}..${high}`);
  }
  return `(${Array.from({ length: high - low + 1 }, (_, index) => String(low + index)).join('|')})`;
}
