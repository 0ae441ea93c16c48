import { describe, expect, test } from 'vitest';
import { BenchUsageError, parseBenchOptions } from './options.ts';

const known = ['/', '/zh-cn/', '/storage/volumes/', '/zh-cn/storage/volumes/'];

describe('npm run bench options', () => {
  test('by default: every article page, three runs, a fresh build', () => {
    expect(parseBenchOptions([], known)).toEqual({ pages: [], runs: 3, build: true, help: false });
  });

  test('pages are written as a reader would type them, each once', () => {
    const options = parseBenchOptions(
      ['--page', 'storage/volumes', '--page', '/zh-cn/storage/volumes/', '--page', '/storage/volumes/', '--page', '/'],
      known,
    );
    expect(options.pages).toEqual(['/storage/volumes/', '/zh-cn/storage/volumes/', '/']);
  });

  test('runs and --no-build', () => {
    expect(parseBenchOptions(['--runs', '5', '--no-build'], known)).toMatchObject({ runs: 5, build: false });
  });

  test.each([
    [['--runs', '0'], '--runs takes a whole number from 1 to 9, not "0"'],
    [['--runs', '2.5'], '--runs takes a whole number from 1 to 9, not "2.5"'],
    [['--runs'], '--runs needs a value'],
    [['--page', '--runs', '3'], '--page needs a value'],
    [['--page', '/nowhere/'], `no article page /nowhere/; the pages are ${known.join(', ')}`],
    [['--fast'], 'unknown option --fast; see npm run bench -- --help'],
  ])('%j is refused in one line', (argv, message) => {
    expect(() => parseBenchOptions(argv, known)).toThrow(new BenchUsageError(message));
  });
});
