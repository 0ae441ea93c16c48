import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from './deps.ts';
import { labDir } from './paths.ts';
import { isSourceBuilt } from './platform-facts.ts';

const CommandRecord = z.object({
  command: z.string(),
  exitCode: z.number(),
  stdout: z.string(),
  stderr: z.string(),
  durationMs: z.number(),
});

const CheckRecord = z.object({
  command: z.string(),
  ok: z.boolean(),
  expected: z.string(),
  seen: z.string(),
  output: z.string(),
  /** Set when the check did not run on this host, with the reason (ok is then true). */
  notRun: z.string().optional(),
});

const PhaseRecord = z.object({
  phase: z.enum(['break', 'verify-after-break', 'solve', 'verify-after-solve']),
  /** verify-after-break is as expected when it fails; every other phase when it passes. */
  asExpected: z.boolean(),
  /** What verify said when it failed: the learner's "what is still wrong". */
  failure: z.string().optional(),
  commands: z.array(CommandRecord),
  checks: z.array(CheckRecord),
});

/** One exercise proven on the cluster: break, verify fails, solve, verify passes. */
const ExerciseRecord = z.object({
  id: z.string(),
  result: z.enum(['passed', 'failed']),
  failure: z.string().optional(),
  durationMs: z.number(),
  phases: z.array(PhaseRecord),
});
export type ExerciseRecord = z.infer<typeof ExerciseRecord>;

export const Transcript = z.object({
  lab: z.string(),
  /** `full` runs every step on a cluster; `host` runs only the steps that need none. */
  scope: z.enum(['full', 'host', 'partial']),
  result: z.enum(['passed', 'failed']),
  startedAt: z.string(),
  durationMs: z.number(),
  platform: z.object({
    kind: z.string().optional(),
    kubernetes: z.string().optional(),
    nodeImage: z.string().optional(),
    /** docker or podman, and its version. */
    engine: z.string().optional(),
    /** upstream: kindest/node pulled by digest; source-built: `npm run lab -- images build`. */
    source: z.enum(['upstream', 'source-built']).optional(),
    /** What the kit changed for this host (the cgroup v1 kubelet setting), in words. */
    adjustments: z.array(z.string()).optional(),
    os: z.string(),
  }),
  tools: z.record(z.string(), z.string()),
  images: z.array(z.string()),
  /** Where each image came from: pulled upstream, or a stand-in built from a recipe in labs/images/. */
  imageSources: z
    .array(
      z.object({
        image: z.string(),
        origin: z.enum(['upstream', 'stand-in', 'local']),
        builtFrom: z.string().optional(),
        differences: z.string().optional(),
      }),
    )
    .optional(),
  steps: z.array(
    z.object({
      id: z.string(),
      where: z.enum(['host', 'cluster']),
      /** not-run: the step needs what its platform cannot give (notRun says what); nothing of it ran. */
      result: z.enum(['passed', 'failed', 'skipped', 'not-run']),
      durationMs: z.number(),
      notRun: z.string().optional(),
      /** For a step not run: the commands and check commands it would have run, as defined then. */
      planned: z.object({ commands: z.array(z.string()), checks: z.array(z.string()) }).optional(),
      commands: z.array(CommandRecord),
      checks: z.array(CheckRecord),
    }),
  ),
  /** Exercises proven after the steps (`run --exercises`), in the lab's order. */
  exercises: z.array(ExerciseRecord).optional(),
});
export type Transcript = z.infer<typeof Transcript>;

export function runsDir(labId: string): string {
  return join(labDir(labId), 'runs');
}

/** Longest text a transcript keeps of one output: the rest is cut in the middle, and says so. */
export const MAX_OUTPUT = 6000;

const SECRETS: [RegExp, (match: string) => string][] = [
  [
    /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g,
    (m) => `[redacted: PEM ${/BEGIN ([A-Z0-9 ]+)-----/.exec(m)?.[1]?.toLowerCase()}]`,
  ],
  [/LS0tLS1CRUdJT[A-Za-z0-9+/=]{16,}/g, (m) => `[redacted: base64 PEM block, ${m.length} characters]`],
  [/eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, () => '[redacted: JSON web token]'],
  [
    /((?:client-key-data|client-certificate-data|certificate-authority-data|token):\s*)\S{16,}/g,
    (m) => `${m.split(':')[0]}: [redacted]`,
  ],
];

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** What a committed transcript may hold of an output: no keys, tokens or certificate bodies, no ANSI codes, bounded. */
export function redact(text: string): string {
  let clean = text.replace(ANSI, '');
  for (const [pattern, replace] of SECRETS) clean = clean.replace(pattern, replace);
  if (clean.length <= MAX_OUTPUT) return clean;
  const half = Math.floor(MAX_OUTPUT / 2);
  return `${clean.slice(0, half)}\n…[${clean.length - MAX_OUTPUT} characters cut]…\n${clean.slice(-half)}`;
}

function redactCommands(commands: Transcript['steps'][number]['commands']): Transcript['steps'][number]['commands'] {
  return commands.map((command) => ({ ...command, stdout: redact(command.stdout), stderr: redact(command.stderr) }));
}

function redactChecks(checks: Transcript['steps'][number]['checks']): Transcript['steps'][number]['checks'] {
  return checks.map((check) => ({ ...check, seen: redact(check.seen), output: redact(check.output) }));
}

function redactTranscript(transcript: Transcript): Transcript {
  return {
    ...transcript,
    ...(transcript.exercises
      ? {
          exercises: transcript.exercises.map((exercise) => ({
            ...exercise,
            ...(exercise.failure !== undefined ? { failure: redact(exercise.failure) } : {}),
            phases: exercise.phases.map((phase) => ({
              ...phase,
              ...(phase.failure !== undefined ? { failure: redact(phase.failure) } : {}),
              commands: redactCommands(phase.commands),
              checks: redactChecks(phase.checks),
            })),
          })),
        }
      : {}),
    steps: transcript.steps.map((step) => ({
      ...step,
      commands: redactCommands(step.commands),
      checks: redactChecks(step.checks),
    })),
  };
}

export function writeTranscript(transcript: Transcript): string {
  const dir = runsDir(transcript.lab);
  mkdirSync(dir, { recursive: true });
  const stamp = transcript.startedAt.replace(/[:.]/g, '-');
  const file = join(dir, `${stamp}-${transcript.scope}.json`);
  writeFileSync(file, `${JSON.stringify(redactTranscript(transcript), null, 2)}\n`);
  return file;
}

/** Applies today's redaction to a transcript file written before it (the file is rewritten). */
export function redactFile(file: string): void {
  const parsed = Transcript.parse(JSON.parse(readFileSync(file, 'utf8')));
  writeFileSync(file, `${JSON.stringify(redactTranscript(parsed), null, 2)}\n`);
}

/** Every transcript of a lab, newest first. Files that do not parse are an error, not skipped. */
export function readTranscripts(labId: string, dir = runsDir(labId)): Transcript[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const parsed = Transcript.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (!parsed.success)
        throw new Error(`${join(dir, name)} is not a lab transcript: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    })
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

export type Status =
  | { kind: 'verified'; kindVersion: string; kubernetes: string; date: string; minutes: number; notRun: NotRun[] }
  | {
      kind: 'source-built';
      kindVersion: string;
      kubernetes: string;
      date: string;
      minutes: number;
      engine: string;
      notRun: NotRun[];
    }
  | { kind: 'failed'; kindVersion: string; kubernetes: string; date: string; step: string; sourceBuilt: boolean }
  | { kind: 'offline' };

/** A check of a passing run that did not run on its host, and why. */
export interface NotRun {
  step: string;
  reason: string;
  /** The whole step did not run, not only one of its checks. */
  whole?: boolean;
}

/**
 * Whether a run used the source-built platform. Runs on a reused cluster have recorded the node image
 * without `source`; the image's tag still says where it came from, so such a run is never taken for
 * one on upstream images.
 */
export function ranSourceBuilt(transcript: Transcript): boolean {
  return transcript.platform.source === 'source-built' || isSourceBuilt(transcript.platform.nodeImage);
}

/**
 * What the status badge says: only a full run on a cluster counts. A run on the source-built
 * platform is named as such (contract 6), never as "verified with upstream images".
 */
export function labStatus(transcripts: readonly Transcript[]): Status {
  const newest = transcripts.find((transcript) => transcript.scope === 'full');
  if (!newest) return { kind: 'offline' };
  const common = {
    kindVersion: newest.platform.kind ?? 'unknown',
    kubernetes: newest.platform.kubernetes ?? 'unknown',
    date: newest.startedAt.slice(0, 10),
  };
  const sourceBuilt = ranSourceBuilt(newest);
  if (newest.result === 'passed') {
    const minutes = Math.max(1, Math.round(newest.durationMs / 60_000));
    const notRun = newest.steps.flatMap((step) => [
      ...(step.notRun === undefined ? [] : [{ step: step.id, reason: step.notRun, whole: true }]),
      ...step.checks.flatMap((check) => (check.notRun === undefined ? [] : [{ step: step.id, reason: check.notRun }])),
    ]);
    return sourceBuilt
      ? { kind: 'source-built', ...common, minutes, engine: newest.platform.engine ?? 'unknown', notRun }
      : { kind: 'verified', ...common, minutes, notRun };
  }
  return {
    kind: 'failed',
    ...common,
    step: newest.steps.find((step) => step.result === 'failed')?.id ?? 'unknown',
    sourceBuilt,
  };
}
