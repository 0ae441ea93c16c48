import { describe, expect, test } from 'vitest';
import { checkCommand } from './checks.ts';
import { loadAllLabs } from './registry.ts';
import type { Lab } from './schema.ts';
import { staleSteps } from './stale.ts';
import type { Transcript } from './transcript.ts';

function recordingOf(lab: Lab): Transcript {
  return {
    lab: lab.id,
    scope: 'full',
    result: 'passed',
    startedAt: '2026-12-01T00:00:00.000Z',
    durationMs: 1,
    platform: { os: 'linux/x64' },
    tools: {},
    images: [],
    steps: lab.steps.map((step) => ({
      id: step.id,
      where: step.where,
      result: 'passed',
      durationMs: 1,
      commands: step.run.map((command) => ({ command, exitCode: 0, stdout: '', stderr: '', durationMs: 1 })),
      checks: step.checks.map((check) => ({
        command: checkCommand(check),
        ok: true,
        expected: '',
        seen: '',
        output: '',
      })),
    })),
  };
}

describe('stale recordings (unit tests)', async () => {
  const labs = await loadAllLabs();
  const storage = labs.find((lab) => lab.id === 'storage');
  if (!storage) throw new Error('no storage lab');

  test('a recording of exactly the current definition is not stale', () => {
    expect(staleSteps(storage, recordingOf(storage))).toEqual([]);
  });

  test('a changed command, a changed check and a missing step are each named', () => {
    const recording = recordingOf(storage);
    const [first, second, third] = recording.steps;
    if (!first || !second || !third) throw new Error('storage has fewer than three steps');
    first.commands[0] = {
      ...(first.commands[0] as Transcript['steps'][number]['commands'][number]),
      command: 'kubectl apply -f old.yaml',
    };
    second.checks[0] = {
      ...(second.checks[0] as Transcript['steps'][number]['checks'][number]),
      command: 'kubectl get old',
    };
    recording.steps = recording.steps.filter((step) => step.id !== third.id);
    expect(staleSteps(storage, recording)).toEqual([
      { step: first.id, why: 'commands changed' },
      { step: second.id, why: 'checks changed' },
      { step: third.id, why: 'not recorded' },
    ]);
  });
});
