/**
 * A mistake the user can fix: printed as one line, never with a stack trace.
 * Exit code 2 is the contract for bad input (unknown lab, missing tool, …).
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

export function didYouMean(kind: string, value: string, known: readonly string[]): string {
  if (known.length === 0) return `unknown ${kind} "${value}": there are no ${kind}s yet`;
  return `unknown ${kind} "${value}"; choose one of: ${known.join(', ')}`;
}
