import type { Check } from '../../labs/kit/schema.ts';
import { type Lang, PUNCTUATION } from './i18n.ts';

/** A check's expectation in the reader's language, short enough for one line. */
export function expectationText(check: Check, lang: Lang): string {
  const zh = lang === 'zh-cn';
  if (check.type === 'condition') return zh ? `条件 ${check.condition} 成立` : `condition ${check.condition} holds`;
  const { exitCode, equals, includes, matches, describe } = check.expect;
  const parts: string[] = [];
  if (exitCode === 'nonzero') parts.push(zh ? '命令失败（退出码非 0）' : 'the command fails (non-zero exit)');
  else if (exitCode !== undefined && exitCode !== 0) parts.push(zh ? `退出码为 ${exitCode}` : `exit code ${exitCode}`);
  if (equals !== undefined) parts.push(zh ? `输出为“${equals}”` : `prints “${equals}”`);
  if (includes !== undefined) parts.push(zh ? `输出包含“${includes}”` : `output contains “${includes}”`);
  if (describe !== undefined) parts.push(describe[lang]);
  else if (matches !== undefined) parts.push(zh ? `输出匹配 /${matches}/` : `output matches /${matches}/`);
  if (parts.length === 0) parts.push(zh ? '命令成功' : 'the command succeeds');
  return parts.join(PUNCTUATION[lang].comma);
}
