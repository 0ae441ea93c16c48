// Every Chinese string a lab, a recipe or a component shows (on the pages, and in the terminal with
// --lang zh-cn) follows the typography rules of CONTRIBUTING.md: full-width punctuation, no space around it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../../labs/kit/paths.ts';
import { loadAllRecipes } from '../../labs/kit/recipes.ts';
import { loadAllLabs } from '../../labs/kit/registry.ts';
import { TREE } from '../../labs/troubleshooting/tree.ts';
import { STRINGS } from '../../src/lib/i18n.ts';
import { asciiPunctuationAfterChinese, spaceAroundFullWidth } from '../../src/lib/zh-punctuation.ts';

/** Every `'zh-cn'` value under an object, with the path that leads to it. */
function chineseStrings(value: unknown, path: string): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => chineseStrings(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]): [string, string][] =>
    key === 'zh-cn' && typeof item === 'string' ? [[path, item]] : chineseStrings(item, `${path}.${key}`),
  );
}

async function everyChineseString(): Promise<[string, string][]> {
  const labs = await loadAllLabs();
  const recipes = await loadAllRecipes();
  return [
    ...labs.flatMap((lab) => chineseStrings(lab, lab.id)),
    ...recipes.flatMap((recipe) => chineseStrings(recipe, `recipe ${recipe.name}`)),
    ...chineseStrings(TREE, 'troubleshooting tree'),
    ...chineseStrings(STRINGS, 'src/lib/i18n.ts'),
  ];
}

describe('Chinese strings of labs, recipes and components', () => {
  test('there are many, from every source', async () => {
    const strings = await everyChineseString();
    expect(strings.length).toBeGreaterThan(500);
    for (const prefix of ['storage.', 'recipe ', 'troubleshooting tree', 'src/lib/i18n.ts']) {
      expect(
        strings.some(([path]) => path.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  test('take full-width punctuation with no space around it', async () => {
    const problems = (await everyChineseString()).flatMap(([path, text]) =>
      [...asciiPunctuationAfterChinese(text), ...spaceAroundFullWidth(text)].map((excerpt) => `${path}: ${excerpt}`),
    );
    expect(problems).toEqual([]);
  });
});

describe('Chinese sentences of the CLI itself (labs/kit, scripts)', () => {
  /** Every line of the CLI's own source (tests aside) that holds Chinese text outside a comment. */
  function chineseLines(): [string, string][] {
    const folders = ['labs/kit', 'scripts', 'scripts/lab'];
    return folders.flatMap((folder) =>
      readdirSync(join(repoRoot, folder))
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
        .flatMap((name) =>
          readFileSync(join(repoRoot, folder, name), 'utf8')
            .split('\n')
            .map((line, index): [string, string] => [`${folder}/${name}:${index + 1}`, line])
            .filter(([, line]) => /\p{Script=Han}/u.test(line) && !/^\s*(\/\/|\*|\/\*\*)/.test(line)),
        ),
    );
  }

  test('there are some: the run, check, break, hint, verify and solve messages', () => {
    const files = new Set(chineseLines().map(([where]) => where.split(':')[0]));
    for (const file of ['labs/kit/checks.ts', 'labs/kit/execute.ts', 'labs/kit/exercises.ts', 'scripts/lab/check.ts']) {
      expect(files, file).toContain(file);
    }
  });

  test('take full-width punctuation with no space around it', () => {
    const problems = chineseLines().flatMap(([where, line]) =>
      [...asciiPunctuationAfterChinese(line), ...spaceAroundFullWidth(line)].map((excerpt) => `${where}: ${excerpt}`),
    );
    expect(problems).toEqual([]);
  });
});
