import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UserError } from '../../labs/kit/errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

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
  run(positionals: string[], values: Values): Promise<number>;
}

export function parse(command: Command, args: string[]): { positionals: string[]; values: Values } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(`${message?.replace(/\.$/, '')}; usage: npm run lab -- ${command.usage}`);
  }
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new UserError(`wrong number of arguments; usage: npm run lab -- ${command.usage}`);
  }
  return { positionals: parsed.positionals, values: parsed.values as Values };
}
