// Workshop mode needs a terminal: these unit tests give the CLI a real pseudo-terminal
// with util-linux `script` and answer its prompts. Host steps only; no cluster.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { addLab, DEMO_FILES, demoLab, sandbox } from './testing/harness.ts';
import { inTerminal as runInTerminal } from './testing/terminal.ts';

async function inTerminal(
  args: string[],
  answers: string,
  extra: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const box = sandbox();
  addLab(
    box,
    'demo',
    demoLab({
      steps: `[
      { id: 'first', title: { en: 'First', 'zh-cn': '第一步' }, explain: { en: 'Why the first step matters.', 'zh-cn': '第一步为什么重要。' }, where: 'host',
        run: ['echo one > one.txt'], checks: [{ type: 'command', run: 'cat one.txt', expect: { equals: 'one' }, proves: { en: 'one', 'zh-cn': '一' } }] },
      { id: 'second', title: { en: 'Second', 'zh-cn': '第二步' }, explain: { en: 'Why the second step matters.', 'zh-cn': '第二步为什么重要。' }, where: 'host',
        run: ['echo two > two.txt'], checks: [{ type: 'command', run: 'cat two.txt', expect: { equals: 'two' }, proves: { en: 'two', 'zh-cn': '二' } }] },
    ]`,
      exercises: '[]',
    }),
    DEMO_FILES,
  );
  let answered = 0;
  const { code, output } = await runInTerminal(box, args, {
    extra,
    // Answer each prompt once, in order, as it appears.
    onOutput: (shown, type) => {
      const prompts = shown.split(/Enter runs it, q quits: |回车运行，q 退出：/).length - 1;
      while (answered < prompts) {
        type(`${answers.split('\n')[answered] ?? ''}\n`);
        answered += 1;
      }
    },
  });
  return { code, output: `${output}\n${box.stateDir}` };
}

describe('workshop mode (unit tests in a pseudo-terminal)', () => {
  test('--step explains each step, runs it on Enter, and stops on q', async () => {
    const { code, output } = await inTerminal(['run', 'demo', '--only', 'host', '--step'], '\nq', {});
    expect(output).toContain('Step 1/2: First');
    expect(output).toContain('Why the first step matters.');
    expect(output).toContain('$ echo one > one.txt');
    expect(output).toContain('Step 2/2: Second');
    const stateDir = output.trim().split('\n').pop() as string;
    expect(existsSync(join(stateDir, '.lab-work', 'demo', 'one.txt'))).toBe(true);
    expect(existsSync(join(stateDir, '.lab-work', 'demo', 'two.txt'))).toBe(false);
    expect(code).toBe(1);
  });

  test('--step --lang zh-cn explains in Chinese', async () => {
    const { code, output } = await inTerminal(
      ['run', 'demo', '--only', 'host', '--step', '--lang', 'zh-cn'],
      '\n\n',
      {},
    );
    expect(output).toContain('步骤 1/2：第一步');
    expect(output).toContain('第二步为什么重要。');
    expect(code).toBe(0);
  });
});
