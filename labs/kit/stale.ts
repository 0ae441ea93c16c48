import { checkCommand } from './checks.ts';
import type { Lab } from './schema.ts';
import type { Transcript } from './transcript.ts';

/** A step whose recording no longer shows what the lab runs, and why. */
export interface StaleStep {
  step: string;
  why: 'not recorded' | 'commands changed' | 'checks changed';
}

/**
 * Compares a transcript with the lab's current definition, step by step: the exact commands
 * and check commands that ran against the ones the lab has now.
 */
export function staleSteps(lab: Lab, transcript: Transcript): StaleStep[] {
  const stale: StaleStep[] = [];
  for (const step of lab.steps) {
    const recorded = transcript.steps.find((candidate) => candidate.id === step.id);
    if (!recorded || recorded.result === 'skipped') {
      stale.push({ step: step.id, why: 'not recorded' });
      continue;
    }
    // A step the platform could not run is compared with what it would have run then.
    const commands = recorded.planned?.commands ?? recorded.commands.map((command) => command.command);
    if (commands.length !== step.run.length || commands.some((command, index) => command !== step.run[index])) {
      stale.push({ step: step.id, why: 'commands changed' });
      continue;
    }
    const checks = recorded.planned?.checks ?? recorded.checks.map((check) => check.command);
    const current = step.checks.map((check) => checkCommand(check));
    if (checks.length !== current.length || checks.some((command, index) => command !== current[index])) {
      stale.push({ step: step.id, why: 'checks changed' });
    }
  }
  return stale;
}

/** The newest full transcript that passed, which the pages show. */
export function newestPassing(transcripts: readonly Transcript[]): Transcript | undefined {
  return transcripts.find((transcript) => transcript.scope === 'full' && transcript.result === 'passed');
}
