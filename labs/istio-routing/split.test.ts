import { describe, expect, it } from 'vitest';
import { acceptanceRegion, binomialPmf, decide, integerRangePattern, probabilityWithin } from './split.ts';

describe('the binomial model of a weighted split', () => {
  it('sums to one and has mean n·p', () => {
    const n = 400;
    const p = 0.1;
    let total = 0;
    let mean = 0;
    for (let k = 0; k <= n; k += 1) {
      total += binomialPmf(n, p, k);
      mean += k * binomialPmf(n, p, k);
    }
    expect(total).toBeCloseTo(1, 12);
    expect(mean).toBeCloseTo(40, 9);
  });

  it('matches values computed by hand for a small n', () => {
    // Binomial(4, 0.5): 1/16, 4/16, 6/16, 4/16, 1/16.
    for (const [k, ways] of [1, 4, 6, 4, 1].entries()) expect(binomialPmf(4, 0.5, k)).toBeCloseTo(ways / 16, 14);
  });
});

describe('the acceptance region of the routing lab (400 requests, 10 % to v2)', () => {
  const region = acceptanceRegion(400, 0.1, 1e-6);

  it('is 14..72, and a correct 90/10 split falls outside it less than once in a million runs', () => {
    expect([region.low, region.high]).toEqual([14, 72]);
    expect(region.falseFailure).toBeLessThan(1e-6);
    expect(1 - probabilityWithin(400, 0.1, region.low, region.high)).toBeCloseTo(region.falseFailure, 12);
  });

  it('is the narrowest such region: one step inward on either side breaks the bound on that tail', () => {
    expect(probabilityWithin(400, 0.1, 0, region.low)).toBeGreaterThanOrEqual(5e-7);
    expect(probabilityWithin(400, 0.1, region.high, 400)).toBeGreaterThanOrEqual(5e-7);
  });

  it('always rejects the mistakes the lab is about: everything to v1, and an even split', () => {
    expect(probabilityWithin(400, 0, region.low, region.high)).toBe(0);
    expect(probabilityWithin(400, 0.5, region.low, region.high)).toBeLessThan(1e-30);
    expect(probabilityWithin(400, 1, region.low, region.high)).toBe(0);
  });

  it('rejects an 80/20 split most of the time (its power there is about 0.82)', () => {
    expect(1 - probabilityWithin(400, 0.2, region.low, region.high)).toBeGreaterThan(0.8);
  });

  it('decides counts at and beyond its edges', () => {
    expect(decide(region, 40)).toBe('consistent');
    expect(decide(region, 14)).toBe('consistent');
    expect(decide(region, 72)).toBe('consistent');
    expect(decide(region, 13)).toBe('inconsistent');
    expect(decide(region, 73)).toBe('inconsistent');
    expect(decide(region, 0)).toBe('inconsistent');
  });

  it('refuses parameters that make no split', () => {
    expect(() => acceptanceRegion(0, 0.1, 1e-6)).toThrow(/positive integer/);
    expect(() => acceptanceRegion(400, 0, 1e-6)).toThrow(/strictly between/);
    expect(() => acceptanceRegion(400, 0.1, 0)).toThrow(/alpha/);
  });
});

describe('the pattern a check matches the count with', () => {
  const pattern = new RegExp(`^${integerRangePattern(14, 72)}$`);

  it('matches exactly the integers of the region', () => {
    for (let k = 0; k <= 400; k += 1) expect(pattern.test(String(k))).toBe(k >= 14 && k <= 72);
  });

  it('does not match leading zeros, signs or decimals', () => {
    for (const text of ['014', '+20', '20.0', '', ' 20']) expect(pattern.test(text)).toBe(false);
  });

  it('refuses a reversed range', () => {
    expect(() => integerRangePattern(5, 4)).toThrow(/not a range/);
  });
});
