import { UserError } from '../labs/kit/errors.ts';
import { quietWhenOutputCloses } from '../labs/kit/output.ts';
import { check } from './lab/check.ts';
import { type Command, checkArity, parse } from './lab/command.ts';
import { doctor } from './lab/doctor.ts';
import { breakCommand, hint, solve, verify } from './lab/exercise.ts';
import { exportCommand } from './lab/export.ts';
import { images } from './lab/images.ts';
import { list } from './lab/list.ts';
import { run } from './lab/run.ts';

const COMMANDS: Command[] = [list, run, check, exportCommand, breakCommand, hint, verify, solve, doctor, images];

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'usage: npm run lab -- <verb> [arguments]',
    '',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'npm run lab -- help <verb> tells more about one verb.',
  ].join('\n');
}

function findCommand(verb: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === verb);
  if (!command) {
    throw new UserError(`unknown verb "${verb}"; choose one of: ${COMMANDS.map((c) => c.name).join(', ')}`);
  }
  return command;
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h') {
    process.stdout.write(`${usage()}\n`);
    return verb === undefined ? 2 : 0;
  }
  if (verb === 'help') {
    if (rest.length > 1) throw new UserError('help takes one verb at most; usage: npm run lab -- help [<verb>]');
    if (rest[0] === undefined) {
      process.stdout.write(`${usage()}\n`);
      return 0;
    }
    const command = findCommand(rest[0]);
    process.stdout.write(`usage: npm run lab -- ${command.usage}\n\n${command.help}\n`);
    return 0;
  }
  const command = findCommand(verb);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: npm run lab -- ${command.usage}\n\n${command.help}\n`);
    return 0;
  }
  const { positionals, values } = parse(command, rest);
  await checkArity(command, positionals);
  return command.run(positionals, values);
}

quietWhenOutputCloses();
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UserError) {
    process.stderr.write(`lab: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`lab: internal error: ${message} (LAB_DEBUG=1 shows the stack)\n`);
    if (process.env.LAB_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}
