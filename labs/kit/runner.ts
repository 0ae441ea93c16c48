import { closeSync, constants, existsSync, lstatSync, openSync, rmSync, type Stats, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { checkCommand } from './checks.ts';
import { clearCreating, lockCluster } from './claims.ts';
import { saveDiagnostics } from './diagnostics.ts';
import { type Engine, useEngine } from './engine.ts';
import { UserError } from './errors.ts';
import { type Context, type Outcome, runChecks, runCommands } from './execute.ts';
import { type ExerciseProof, proveExercise } from './exercises.ts';
import { externalCluster } from './external.ts';
import { junitXml } from './junit.ts';
import { type Cluster, clusterName, deleteCluster, ensureCluster, serverVersion } from './kind.ts';
import { type ImageSource, loadLabImages } from './lab-images.ts';
import type { Mirror } from './mirrors.ts';
import { NO_LIMITS, platformLimits, unmetNeeds } from './needs.ts';
import { onStdoutClosed } from './output.ts';
import { type Ownership, requireOwnership } from './ownership.ts';
import { artifactsDir, displayPath, userPath, workDir } from './paths.ts';
import { PLATFORM } from './platform.ts';
import { isSourceBuilt, type PlatformFacts, platformDetails } from './platform-facts.ts';
import { requirePortsFree } from './ports.ts';
import {
  clusterPrerequisites,
  hostPrerequisites,
  missingPrerequisites,
  NOTHING_NEEDED,
  type Prerequisites,
} from './prerequisites.ts';
import { loadAllRecipes } from './recipes.ts';
import { findStep } from './registry.ts';
import { Reporter, type Row, type StepResult } from './report.ts';
import type { Lab, Step } from './schema.ts';
import { childEnv, killRunning, sh } from './sh.ts';
import { type ExerciseRecord, type Transcript, writeTranscript } from './transcript.ts';
import { prepareWorkspace } from './workspace.ts';

export interface RunOptions {
  keep: boolean;
  /** Workshop mode: pause before each step and show why it matters. */
  interactive: boolean;
  from?: string;
  onlyHost: boolean;
  record: boolean;
  junit?: string;
  kubeconfig?: string;
  context?: string;
  /** Another node image than the pinned one (the source-built platform's, say). */
  nodeImage?: string;
  /** Registry mirrors for a cluster this run creates (--registry-mirror, FIELDLAB_REGISTRY_MIRRORS). */
  mirrors?: Mirror[];
  /** Language of workshop mode (step titles, explanations) and of a failure's explanation; transcripts stay English. */
  lang?: 'en' | 'zh-cn';
  /** After the steps, prove every exercise: break, verify fails, solve, verify passes. */
  exercises?: boolean;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, sighup: 129, sigint: 130, sigpipe: 141, sigterm: 143 } as const;

const INTERRUPTED: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: EXIT.sighup,
  SIGINT: EXIT.sigint,
  SIGPIPE: EXIT.sigpipe,
  SIGTERM: EXIT.sigterm,
};

export function selectSteps(lab: Lab, options: Pick<RunOptions, 'from' | 'onlyHost'>): Step[] {
  let steps = lab.steps;
  if (options.from !== undefined) {
    const start = findStep(lab, options.from);
    steps = steps.slice(steps.indexOf(start));
  }
  if (options.onlyHost) {
    steps = steps.filter((step) => step.where === 'host');
    if (steps.length === 0) {
      throw new UserError(`lab ${lab.id} has no host steps; every step needs a cluster, so run it without --only host`);
    }
  }
  return steps;
}

/**
 * Creates or reuses the cluster after checking everything it needs (and, with `host`, what the host steps
 * need), failing fast with one line that names every missing piece and its fix.
 */
async function provision(
  lab: Lab,
  options: RunOptions,
  host: Prerequisites,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<{
  cluster: Cluster;
  ownership: Ownership;
  tools: Record<string, string>;
  engine?: Engine;
  images?: ImageSource[];
}> {
  const needs = await clusterPrerequisites(lab, options.kubeconfig !== undefined);
  const missing = missingPrerequisites(lab, host, needs);
  if (missing) throw missing;
  if (options.kubeconfig !== undefined) {
    const cluster = await externalCluster(lab, options.kubeconfig, options.context);
    return { cluster, ownership: await requireOwnership(lab, cluster), tools: needs.versions };
  }
  // Every child of the run (kind, the steps' `docker exec`) then reaches the same engine.
  const probe = await useEngine();
  if (!probe.engine) throw new UserError(probe.fix);
  const cluster = await ensureCluster(lab, async () => requirePortsFree(lab.ports), {
    ...(options.nodeImage !== undefined ? { nodeImage: options.nodeImage } : {}),
    ...(options.mirrors !== undefined ? { mirrors: options.mirrors } : {}),
    onAdjust: (note) => reporter.line(`  note: ${note}`),
    onNote: (note) => reporter.line(`  ${note}`),
    signal,
  });
  if (!cluster.created && (options.mirrors ?? []).length > 0) {
    reporter.line(
      `  note: cluster ${cluster.name} already exists: registry mirrors apply when a cluster is created (delete it with "kind delete cluster --name ${cluster.name}" to use them)`,
    );
  }
  // A cluster this run did not create may hold objects of the lab's names that someone else made.
  const ownership = cluster.created ? { ours: [] } : await requireOwnership(lab, cluster);
  const images = await loadLabImages(lab.images, cluster, probe.engine, (line) => reporter.line(`  ${line}`));
  return { cluster, ownership, tools: needs.versions, engine: probe.engine, images };
}

/**
 * Where the JUnit report goes: the path as the user meant it (relative to the folder they typed the command
 * in), refused up front when it is a symbolic link or its folder does not exist, not after a long run.
 */
function junitTarget(junit: string): string {
  const file = userPath(junit);
  let stats: Stats | undefined;
  try {
    stats = lstatSync(file);
  } catch {
    stats = undefined;
  }
  if (stats?.isSymbolicLink())
    throw new UserError(
      `--junit ${junit} is a symbolic link; name a regular file (a report is never written through a link)`,
    );
  if (stats?.isDirectory())
    throw new UserError(`--junit ${junit} is a folder; name a file, e.g. ${join(junit, 'lab.xml')}`);
  if (!existsSync(dirname(file))) throw new UserError(`--junit ${junit}: the folder ${dirname(file)} does not exist`);
  return file;
}

/** Writes the report without following a link that appeared since the start (O_NOFOLLOW). */
function writeJunit(file: string, xml: string, reporter: Reporter): void {
  try {
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      writeFileSync(fd, xml);
    } finally {
      closeSync(fd);
    }
    reporter.line(`JUnit report written to ${displayPath(file)}`);
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ELOOP'
        ? 'it became a symbolic link'
        : String((error as Error).message);
    reporter.line(`JUnit report not written to ${displayPath(file)}: ${why}`);
  }
}

/** Options that contradict each other or name what does not exist: refused before anything runs. */
function checkOptions(options: RunOptions): void {
  if (options.kubeconfig === undefined && options.context !== undefined)
    throw new UserError('--context needs --kubeconfig FILE: name the file that holds the context');
  if (options.kubeconfig !== undefined && options.context === undefined)
    throw new UserError(
      `--kubeconfig needs --context NAME, so the lab never runs against whichever context the file happens to select; "kubectl config get-contexts --kubeconfig ${options.kubeconfig}" lists them`,
    );
}

export async function runLab(lab: Lab, options: RunOptions, reporter = new Reporter()): Promise<number> {
  checkOptions(options);
  const junit = options.junit === undefined ? undefined : junitTarget(options.junit);
  const steps = selectSteps(lab, options);
  if (options.interactive && !process.stdin.isTTY) {
    throw new UserError(
      '--step pauses for Enter before each step and needs an interactive terminal; run without --step',
    );
  }
  const needsCluster = steps.some((step) => step.where === 'cluster');
  const startedAt = new Date();
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptedBy) return;
    interruptedBy = signal;
    reporter.line(`\n${signal} received: stopping the current command, then cleaning up.`);
    controller.abort();
    void killRunning();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed terminal window or a dropped SSH session: the same as Ctrl-C.
  process.on('SIGHUP', onSignal);
  // Nobody reads the output any more (`run demo | head`): stop as on SIGPIPE, cleaning up first.
  const stopHearingStdout = onStdoutClosed(() => onSignal('SIGPIPE'));

  let cluster: Cluster | undefined;
  const tools: Record<string, string> = {};
  let kubernetes: string | undefined;
  let platformFacts: PlatformFacts = {};
  const rows: Row[] = steps.map((step) => ({ id: step.id, where: step.where, result: 'skipped', durationMs: 0 }));
  const records: Transcript['steps'] = [];
  const proofs: ExerciseRecord[] = [];
  let failed: { step: Step; outcome: Outcome } | undefined;
  let unlock: (() => void) | undefined;
  try {
    const work = prepareWorkspace(lab.id);
    const host = steps.some((step) => step.where === 'host') ? await hostPrerequisites(lab) : NOTHING_NEEDED;
    Object.assign(tools, host.versions);
    // With a cluster, provision names what the host lacks together with what the cluster lacks.
    const hostMissing = needsCluster ? undefined : missingPrerequisites(lab, host);
    if (hostMissing) throw hostMissing;
    if (needsCluster) {
      reporter.begin(`cluster for ${lab.id}`);
      const began = Date.now();
      // One run at a time per kind cluster: the first to finish would delete it under the other.
      if (options.kubeconfig === undefined) unlock = lockCluster(clusterName(lab), lab.id);
      const provisioned = await provision(lab, options, host, reporter, controller.signal);
      platformFacts = { engine: provisioned.engine, images: provisioned.images };
      cluster = provisioned.cluster;
      Object.assign(tools, provisioned.tools);
      kubernetes = await serverVersion(cluster.kubeconfig);
      reporter.end(
        cluster.created ? `created cluster ${cluster.name}` : `reusing cluster ${cluster.name}`,
        'passed',
        Date.now() - began,
      );
      if (!cluster.created && options.from === undefined) {
        // Never on a cluster the user named: there the run only removes, at the end, what it made itself.
        if (!cluster.external) await resetLab(lab, cluster, work);
        else if (provisioned.ownership.ours.length > 0)
          reporter.line(
            `  note: ${provisioned.ownership.ours.map((object) => `${object.kind.toLowerCase()}/${object.name}`).join(', ')} ${provisioned.ownership.ours.length === 1 ? 'is' : 'are'} left from an earlier run of lab ${lab.id}; on a cluster you named, nothing is removed before the steps run`,
          );
      }
    }
    const limits = cluster
      ? platformLimits(isSourceBuilt(cluster.nodeImage), platformFacts.images, await loadAllRecipes())
      : NO_LIMITS;
    // A reason the run gave once (an image this platform cannot build) is not repeated in full.
    const said = new Set<string>();
    const sayOnce = (reason: string): string => {
      if (said.has(reason)) return 'the same reason as above';
      said.add(reason);
      return reason;
    };
    const ctxFor = (step: Step): Context => ({
      unmet: (needs) => unmetNeeds(needs, limits),
      cwd: work,
      env: childEnv(step.where === 'cluster' ? cluster?.kubeconfig : undefined, { LAB_WORK: work }),
      signal: controller.signal,
      ...(options.interactive ? { echo: (text: string) => reporter.line(text) } : {}),
      ...(options.lang ? { lang: options.lang } : {}),
    });
    for (const [index, step] of steps.entries()) {
      if (interruptedBy) break;
      if (options.interactive && !(await pause(step, index, steps.length, reporter, options.lang ?? 'en'))) break;
      const label = `${step.id}: ${step.title.en}`;
      reporter.begin(label);
      const began = Date.now();
      const ctx = ctxFor(step);
      const notRun = ctx.unmet?.(step.needs);
      if (notRun !== undefined) {
        // Needs what this platform cannot give (an image it cannot build): recorded as not run, never as passed.
        reporter.end(label, 'skipped', 0);
        reporter.line(`  – step not run: ${sayOnce(notRun)}`);
        rows[index] = { id: step.id, where: step.where, result: 'skipped', durationMs: 0 };
        records.push(notRunRecord(step, notRun));
        continue;
      }
      let outcome = await runCommands(step.run, step.timeout, ctx);
      if (outcome.ok) outcome = { ...(await runChecks(step.checks, ctx)), commands: outcome.commands };
      // Ctrl-C in a terminal reaches the command and this process at once, and the command's exit (130) can
      // be heard first: give the signal a moment to arrive before calling the step failed.
      if (!outcome.ok && !interruptedBy && endedBySignal(outcome)) await new Promise((done) => setTimeout(done, 500));
      const durationMs = Date.now() - began;
      // A step the signal stopped did not fail: it was interrupted, and the table says so.
      const result: StepResult = outcome.ok ? 'passed' : interruptedBy ? 'interrupted' : 'failed';
      reporter.end(label, result, durationMs);
      for (const check of outcome.checks.filter((item) => item.notRun !== undefined)) {
        reporter.line(`  – check not run: ${sayOnce(check.notRun ?? '')}`);
      }
      rows[index] = { id: step.id, where: step.where, result, durationMs };
      records.push({
        id: step.id,
        where: step.where,
        result: result === 'passed' ? 'passed' : 'failed',
        durationMs,
        ...recordedOutcome(outcome),
      });
      if (!outcome.ok) {
        failed = { step, outcome };
        break;
      }
    }
    if (failed && !interruptedBy) await reportFailure(lab, cluster, failed, startedAt, reporter, options.lang ?? 'en');
    if (options.exercises && !failed && !interruptedBy && records.length === steps.length) {
      for (const exercise of lab.exercises) {
        if (interruptedBy) break;
        const label = `exercise ${exercise.id}: break, verify fails, solve, verify passes`;
        reporter.begin(label);
        const began = Date.now();
        const proof = await proveExercise(exercise, {
          cwd: work,
          env: childEnv(exercise.where === 'cluster' ? cluster?.kubeconfig : undefined, { LAB_WORK: work }),
          signal: controller.signal,
        });
        const durationMs = Date.now() - began;
        reporter.end(label, proof.result, durationMs);
        if (proof.failure) reporter.line(`  ${proof.failure}`);
        proofs.push(exerciseRecord(proof, durationMs));
      }
    }
  } catch (error) {
    // Stopped while the cluster was being made: the signal, not the half-made cluster, is the outcome.
    if (!interruptedBy) throw error;
    reporter.abandon('interrupted');
    reporter.line(error instanceof UserError ? error.message : String(error));
  } finally {
    // A phase that threw (no Docker, a tool missing, a port taken) ends its spinner line as failed.
    reporter.abandon(interruptedBy ? 'interrupted' : 'failed');
    stopHearingStdout();
    process.off('SIGINT', onSignal);
    process.on('SIGINT', () => {
      reporter.line('Cleanup interrupted: the cluster may be left behind; "kind get clusters" lists it.');
      process.exit(EXIT.sigint);
    });
    try {
      await cleanUp(lab, cluster, options, reporter);
      unlock?.();
    } finally {
      reporter.abandon();
      process.removeAllListeners('SIGINT');
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
    }
  }
  reporter.table(rows);
  if (options.onlyHost) reporter.line(onlyHostSummary(lab, options, steps));
  const passed =
    !failed &&
    !interruptedBy &&
    records.length === steps.length &&
    proofs.every((proof) => proof.result === 'passed') &&
    (!options.exercises || proofs.length === lab.exercises.length);
  if (options.record && interruptedBy) {
    // An interrupted run says nothing about the lab: it must not become the page's "last run failed".
    reporter.line('transcript not written: the run was interrupted');
  } else if (options.record) {
    const transcript = transcriptOf(
      lab,
      options,
      startedAt,
      passed,
      records,
      tools,
      cluster,
      kubernetes,
      platformFacts,
    );
    const file = writeTranscript(options.exercises ? { ...transcript, exercises: proofs } : transcript);
    reporter.line(`transcript written to ${file}`);
  }
  if (junit) writeJunit(junit, junitXml(lab, rows, failed?.outcome.failure), reporter);
  if (interruptedBy) return INTERRUPTED[interruptedBy] ?? EXIT.failed;
  return passed ? EXIT.ok : EXIT.failed;
}

/** The last command ended as a signal ends a process (128 + SIGHUP, SIGINT or SIGTERM). */
function endedBySignal(outcome: Outcome): boolean {
  const last = outcome.commands.at(-1);
  return last !== undefined && [129, 130, 143].includes(last.exitCode);
}

/** What `--only host` left out, and where the files of the steps it ran are. */
function onlyHostSummary(lab: Lab, options: RunOptions, ran: readonly Step[]): string {
  const skipped = selectSteps(lab, { ...options, onlyHost: false }).filter((step) => step.where === 'cluster');
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const left =
    skipped.length === 0
      ? ''
      : ` and skipped ${plural(skipped.length, 'cluster step')}, which need a cluster (${skipped.map((step) => step.id).join(', ')})`;
  return `--only host ran ${plural(ran.length, 'host step')}${left}.\nThe files the host steps made are in ${displayPath(workDir(lab.id))}/`;
}

async function pause(
  step: Step,
  index: number,
  total: number,
  reporter: Reporter,
  lang: 'en' | 'zh-cn',
): Promise<boolean> {
  // Chinese takes a full-width colon with no space after it (CONTRIBUTING.md, Chinese typography).
  const heading =
    lang === 'zh-cn'
      ? `步骤 ${index + 1}/${total}：${step.title[lang]}`
      : `Step ${index + 1}/${total}: ${step.title[lang]}`;
  reporter.line(`\n${heading}\n\n${step.explain[lang]}\n`);
  for (const command of step.run) reporter.line(`  $ ${command}`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(lang === 'zh-cn' ? '\n回车运行，q 退出：' : '\nEnter runs it, q quits: ');
  prompt.close();
  return answer.trim().toLowerCase() !== 'q';
}

/** On a reused cluster, remove what an earlier run of this lab left, so a second run starts clean. */
async function resetLab(lab: Lab, cluster: Cluster, cwd: string): Promise<void> {
  for (const command of lab.cleanup) {
    await sh(command, { cwd, env: childEnv(cluster.kubeconfig), timeoutMs: 180_000 });
  }
}

async function reportFailure(
  lab: Lab,
  cluster: Cluster | undefined,
  failed: { step: Step; outcome: Outcome },
  startedAt: Date,
  reporter: Reporter,
  lang: 'en' | 'zh-cn',
): Promise<void> {
  const { step, outcome } = failed;
  const paragraph =
    lang === 'zh-cn'
      ? `步骤“${step.id}”（${step.title['zh-cn']}）失败。${outcome.shown ?? outcome.failure ?? ''}`
      : `Step "${step.id}" (${step.title.en}) failed. ${outcome.failure ?? ''}`;
  reporter.line('');
  reporter.line(paragraph);
  if (failed.outcome.output) reporter.line(`\n${failed.outcome.output}\n`);
  const dir = artifactsDir(lab.id, startedAt);
  const body = `${paragraph}\n\n${failed.outcome.output ?? ''}`;
  await saveDiagnostics(lab, failed.step.where === 'cluster' ? cluster : undefined, dir, body);
  reporter.line(lang === 'zh-cn' ? `诊断信息已保存到 ${dir}` : `diagnostics saved in ${dir}`);
}

async function cleanUp(lab: Lab, cluster: Cluster | undefined, options: RunOptions, reporter: Reporter): Promise<void> {
  if (!cluster) return;
  try {
    await cleanUpCluster(lab, cluster, options, reporter);
  } finally {
    // The flattened copy of the user's context holds their keys or tokens: it lives exactly as long as the run.
    if (cluster.external) rmSync(cluster.kubeconfig, { force: true });
  }
}

async function cleanUpCluster(lab: Lab, cluster: Cluster, options: RunOptions, reporter: Reporter): Promise<void> {
  if (options.keep && cluster.external) {
    reporter.line(`kept what lab ${lab.id} made on context ${cluster.name}; your own kubeconfig reaches it`);
    return;
  }
  if (options.keep) {
    // Kept on purpose: from now on it is a cluster to reuse, not one an interrupted run left.
    if (cluster.created) clearCreating(cluster.name);
    reporter.line(`kept cluster ${cluster.name}; to look around: export KUBECONFIG=${cluster.kubeconfig}`);
    return;
  }
  const began = Date.now();
  if (cluster.created) {
    reporter.begin(`deleting cluster ${cluster.name}`);
    const result = await deleteCluster(cluster);
    reporter.end(`deleted cluster ${cluster.name}`, result.exitCode === 0 ? 'passed' : 'failed', Date.now() - began);
    return;
  }
  reporter.begin(`removing what lab ${lab.id} made`);
  await resetLab(lab, cluster, process.cwd());
  reporter.end(
    `cleaned up lab ${lab.id} (cluster ${cluster.name} kept: this run did not create it)`,
    'passed',
    Date.now() - began,
  );
}

/** The commands and checks of a step or exercise phase, as a transcript keeps them. */
/** A step this platform could not run: what it would have run, so a stale recording is still noticed. */
function notRunRecord(step: Step, reason: string): Transcript['steps'][number] {
  return {
    id: step.id,
    where: step.where,
    result: 'not-run',
    durationMs: 0,
    notRun: reason,
    commands: [],
    checks: [],
    planned: { commands: [...step.run], checks: step.checks.map((check) => checkCommand(check)) },
  };
}

function recordedOutcome(outcome: Outcome): Pick<ExerciseRecord['phases'][number], 'commands' | 'checks'> {
  return {
    commands: outcome.commands.map(({ command, exitCode, stdout, stderr, durationMs }) => ({
      command,
      exitCode,
      stdout,
      stderr,
      durationMs,
    })),
    checks: outcome.checks.map(({ command, ok, expected, seen, output, notRun }) => ({
      command,
      ok,
      expected,
      seen,
      output,
      ...(notRun !== undefined ? { notRun } : {}),
    })),
  };
}

function exerciseRecord(proof: ExerciseProof, durationMs: number): ExerciseRecord {
  return {
    id: proof.id,
    result: proof.result,
    ...(proof.failure !== undefined ? { failure: proof.failure } : {}),
    durationMs,
    phases: proof.phases.map(({ phase, asExpected, outcome }) => ({
      phase,
      asExpected,
      ...(outcome.failure !== undefined ? { failure: outcome.failure } : {}),
      ...recordedOutcome(outcome),
    })),
  };
}

function transcriptOf(
  lab: Lab,
  options: RunOptions,
  startedAt: Date,
  passed: boolean,
  steps: Transcript['steps'],
  tools: Record<string, string>,
  cluster: Cluster | undefined,
  kubernetes: string | undefined,
  facts: PlatformFacts,
): Transcript {
  const scope = options.onlyHost ? 'host' : options.from !== undefined ? 'partial' : 'full';
  return {
    lab: lab.id,
    scope,
    result: passed ? 'passed' : 'failed',
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    platform: {
      ...(cluster && !cluster.external
        ? {
            kind: tools.kind ?? PLATFORM.kind.version,
            nodeImage: cluster.nodeImage ?? options.nodeImage ?? PLATFORM.nodeImage,
          }
        : {}),
      ...platformDetails(cluster, facts),
      ...(cluster ? { kubernetes: kubernetes ?? 'unknown' } : {}),
      os: `${platform()}/${arch()}`,
    },
    tools,
    images: lab.images,
    ...(facts.images ? { imageSources: facts.images } : {}),
    steps,
  };
}
