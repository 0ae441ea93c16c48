import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UserError } from '../../labs/kit/errors.ts';
import { findLabId, listLabIds, loadLab } from '../../labs/kit/registry.ts';
import type { Lang } from '../../labs/kit/schema.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

/** The --lang option of the verbs that speak Chinese: "en" when absent, one line when it is neither. */
export function langOf(values: Values): Lang {
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'zh-cn') throw new UserError(`--lang takes "en" or "zh-cn", not "${String(lang)}"`);
  return lang;
}

/** One CLI verb: its own options, help text and `run`, in a file of its own. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** What the verb does and guarantees, shown by `help <verb>`. */
  help: string;
  options: Options;
  /** How many positionals the verb takes: [min, max]. */
  positionals: [number, number];
  /** What each positional is ("lab", "step", "exercise"), for the message when one is missing. */
  operands?: string[];
  run(positionals: string[], values: Values): Promise<number>;
}

/** How far apart two words are (Levenshtein), to suggest the option a typo meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (const [i, charA] of [...a].entries()) {
    const current = [i + 1];
    for (const [j, charB] of [...b].entries()) {
      current.push(
        Math.min((previous[j + 1] ?? 0) + 1, (current[j] ?? 0) + 1, (previous[j] ?? 0) + (charA === charB ? 0 : 1)),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Each option as the usage line spells it: `--from <step>`, `--only host`, `--keep`. */
export function optionList(command: Command): string[] {
  return Object.entries(command.options).map(([name, option]) => {
    const spelled = new RegExp(`--${name}(?: (<[^>]+>|[A-Z]+(?:=[A-Z]+)?|[a-z-]+(?=[\\]|]))|(?=[\\s\\]|]|$))`).exec(
      command.usage,
    );
    if (spelled?.[1] !== undefined) return `--${name} ${spelled[1]}`;
    return option.type === 'string' ? `--${name} <value>` : `--${name}`;
  });
}

function takes(command: Command): string {
  const options = optionList(command);
  return options.length === 0 ? `${command.name} takes no options` : `${command.name} takes ${options.join(', ')}`;
}

/** Node's parseArgs errors, said for this CLI: which option, and what the verb takes instead. */
function optionError(command: Command, error: unknown): UserError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const help = `("npm run lab -- help ${command.name}" says more)`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /Unknown option '([^']+)'/.exec(message)?.[1] ?? message;
    const names = Object.keys(command.options).map((name) => `--${name}`);
    const near = names
      .map((name) => ({ name, far: distance(option.replace(/=.*$/, ''), name) }))
      .filter((candidate) => candidate.far <= 2)
      .sort((a, b) => a.far - b.far)[0];
    return new UserError(
      `unknown option ${option}${near ? ` (did you mean ${near.name}?)` : ''}; ${takes(command)} ${help}`,
    );
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const needs = /Option '(--[a-z-]+)(?: <value>)?' argument missing/.exec(message)?.[1];
    if (needs !== undefined) {
      const spelled = optionList(command).find((option) => option.startsWith(`${needs} `)) ?? `${needs} <value>`;
      return new UserError(`${needs} needs a value: ${spelled}`);
    }
    const flag = /Option '(--[a-z-]+)' does not take an argument/.exec(message)?.[1];
    if (flag !== undefined) return new UserError(`${flag} takes no value; write just ${flag}`);
  }
  return new UserError(`${message.replace(/\.$/, '')}; ${takes(command)} ${help}`);
}

export function parse(command: Command, args: string[]): { positionals: string[]; values: Values } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw optionError(command, error);
  }
  return { positionals: parsed.positionals, values: parsed.values as Values };
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/**
 * A verb given too few or too many arguments: says which one is missing, with the choices
 * ("run needs a lab: blackbox, certificates, …"), or which ones are too many.
 */
export async function checkArity(command: Command, positionals: readonly string[]): Promise<void> {
  const [min, max] = command.positionals;
  const usage = `usage: npm run lab -- ${command.usage}`;
  if (positionals.length > max) {
    const extra = positionals.slice(max).map((word) => `"${word}"`);
    const named = command.operands?.slice(0, max).join(', ');
    const most = min === max ? '' : 'at most ';
    const allowed =
      max === 0
        ? 'no arguments'
        : `${most}${max === 1 ? 'one argument' : `${max} arguments`}${named ? ` (${named})` : ''}`;
    throw new UserError(
      `${command.name} takes ${allowed}; leave out ${extra.join(' and ')} ("npm run lab -- help ${command.name}" says more)`,
    );
  }
  if (positionals.length >= min) return;
  const missing = command.operands?.[positionals.length] ?? 'argument';
  let choices: string;
  if (missing === 'lab') {
    const ids = listLabIds();
    choices = ids.length === 0 ? 'there are no labs in labs/ yet' : `choose one of: ${ids.join(', ')}`;
  } else if (missing === 'exercise' && positionals[0] !== undefined) {
    const lab = await loadLab(findLabId(positionals[0]));
    const ids = lab.exercises.map((exercise) => exercise.id);
    if (ids.length === 0)
      throw new UserError(`no exercises in lab ${lab.id} yet; "npm run lab -- list" shows the labs that have some`);
    choices = `lab ${lab.id} has ${ids.join(', ')}`;
  } else {
    choices = usage;
  }
  throw new UserError(`${command.name} needs ${article(missing)}: ${choices}`);
}
