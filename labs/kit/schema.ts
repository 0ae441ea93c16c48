import { z } from './deps.ts';

/** Prose in both first-class languages. */
export const Text = z.object({
  en: z.string().min(1),
  'zh-cn': z.string().min(1),
});
export type Text = z.infer<typeof Text>;
/** A first-class language of the site and the CLI. */
export type Lang = keyof Text;

export const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case, like "share-emptydir"');

/** A namespace, written like a lab id: kebab-case, at most 63 characters (a DNS label). */
export const NamespaceName = kebab.max(63, 'must be at most 63 characters (a DNS label)');

/**
 * What `kubectl get` and `kubectl wait` take: a resource type, or type/name.
 * @example "pvc/data"
 */
export const ResourceRef = z
  .string()
  .regex(
    /^[a-z][a-z0-9.-]*(\/[a-z0-9]([-a-z0-9.:]*[a-z0-9])?)?$/,
    'must be a resource type or type/name, like "pvc/data" or "deployment/prometheus"',
  );

/**
 * A duration such as "90s", "2m" or "500ms".
 * @example "2m"
 */
export const Duration = z.string().regex(/^\d+(ms|s|m)$/, 'must look like "500ms", "30s" or "2m"');

/** What the output of a check command must look like. */
export const Expectation = z
  .object({
    /** @example "Bound" */
    equals: z.string().optional(),
    /** @example "hello from writer" */
    includes: z.string().optional(),
    /**
     * A regular expression in the common subset of JavaScript and POSIX ERE (the bash export runs
     * it with grep -E, line by line): no \\s, \\d, lookarounds or patterns across lines.
     * @example "^tmpfs +16384 "
     */
    matches: z
      .string()
      .refine(
        (pattern) => !/\\[sSdDwWbB]|\(\?[=!<:]|\\n/.test(pattern),
        'use a pattern grep -E understands the same way: no \\s, \\d, \\w, \\b, \\n or (?...)',
      )
      .optional(),
    /** Defaults to 0. A check that expects a refusal sets it to "nonzero". */
    exitCode: z.union([z.number().int(), z.literal('nonzero')]).optional(),
    /**
     * What `matches` accepts, in words, when the pattern itself does not read well (a generated
     * one, say). Pages and the CLI show these words instead of the pattern; the check and the bash
     * export still apply the pattern. A noun phrase that follows "expected":
     * @example { en: "one line “v1=<n> v2=<k> errors=0” with k from 20 to 66", "zh-cn": "…" }
     */
    describe: Text.optional(),
  })
  .strict()
  .refine((expect) => expect.describe === undefined || expect.matches !== undefined, {
    message: 'describe words a pattern: use it together with matches',
    path: ['describe'],
  });
export type Expectation = z.infer<typeof Expectation>;

/**
 * Something from outside the cluster that a step or a check needs: a running container of an image
 * (the Envoy proxy, say), or a download from a host other than a container registry. On the
 * source-built platform, which reaches no registry and no download host, a need its recipes cannot
 * meet (an image whose recipe says `cannotBuild`, an image without a recipe, any download) makes the
 * step or check "not run", with the reason, in the transcript and on the page: never passed, never faked.
 */
export const Need = z.union([
  z.object({ image: z.string().min(1) }).strict(),
  z.object({ download: z.string().url() }).strict(),
]);
export type Need = z.infer<typeof Need>;

const checkBase = {
  /** What the check proves, in words a reader understands when it fails. */
  proves: Text,
  /** How long to keep retrying before the check fails. @example "90s" */
  timeout: Duration.optional(),
  /**
   * What the host's kernel must give for this check to hold. On cgroup v1 a memory OOM kills only
   * the biggest process, not the whole container (no memory.oom.group): such a check is reported as
   * not run there, with the reason, never as passed.
   * @example "cgroup-v2"
   */
  hostNeeds: z.enum(['cgroup-v2']).optional(),
  /** What the check needs from outside the cluster (see Need). */
  needs: z.array(Need).optional(),
  /**
   * True when the check describes a moment during the lab that later steps change (a claim still
   * Pending before its Pod exists, `can-i` still "no" before the binding, a request not yet approved).
   * A run checks it right after its step; `check` on a kept cluster, which sees the state after the last
   * step, skips it and says how many it skipped.
   */
  moment: z.literal(true).optional(),
};

/** Run a command (from the lab's work folder) and compare what it prints. */
export const CommandCheck = z
  .object({
    type: z.literal('command'),
    /** @example "kubectl -n storage-lab exec shared -c reader -- cat /data/msg" */
    run: z.string().min(1),
    expect: Expectation,
    ...checkBase,
  })
  .strict();

/** Read one field of one object: `kubectl get <resource> -o jsonpath=<path>`. */
export const JsonPathCheck = z
  .object({
    type: z.literal('jsonpath'),
    /** @example "pvc/data" */
    resource: ResourceRef,
    namespace: NamespaceName.optional(),
    /** @example "{.status.phase}" */
    path: z.string().startsWith('{'),
    expect: Expectation,
    ...checkBase,
  })
  .strict();

/** Wait for a condition with `kubectl wait`. */
export const ConditionCheck = z
  .object({
    type: z.literal('condition'),
    /** @example "pod/shared" */
    resource: ResourceRef,
    namespace: NamespaceName.optional(),
    /** @example "Ready" or "jsonpath={.status.phase}=Bound" */
    condition: z.string().min(1),
    ...checkBase,
  })
  .strict();

export const Check = z.discriminatedUnion('type', [CommandCheck, JsonPathCheck, ConditionCheck]);
export type Check = z.infer<typeof Check>;

export const Where = z.enum(['host', 'cluster']);
export type Where = z.infer<typeof Where>;

export const Step = z
  .object({
    id: kebab,
    title: Text,
    /** Shown before the step in workshop mode (`--step`): why this step, what to watch. */
    explain: Text,
    /** `host` steps need no cluster and run for real in CI. */
    where: Where.default('cluster'),
    /** The exact commands a reader types, run in order from the lab's work folder. */
    run: z.array(z.string().min(1)).min(1),
    /**
     * Lab files to show with the step besides those its commands apply with `-f`.
     * @example ["files/openssl-ca.cnf"]
     */
    show: z.array(z.string()).default([]),
    /** Proofs of the outcome, tried in order. A step without checks is not allowed. */
    checks: z.array(Check).min(1),
    /** Upper bound for the commands of the step. @example "3m" */
    timeout: Duration.default('2m'),
    /** What the whole step needs from outside the cluster (see Need): unmet, the step is not run. */
    needs: z.array(Need).default([]),
  })
  .strict();
export type Step = z.infer<typeof Step>;

export const Exercise = z
  .object({
    id: kebab,
    title: Text,
    where: Where.default('cluster'),
    /** The steps that must have run before the fault can be injected. */
    after: z.array(kebab).default([]),
    /** Commands that inject the fault. */
    break: z.array(z.string().min(1)).min(1),
    hint: Text,
    /** Passes only when the learner's fix holds. */
    verify: z.array(Check).min(1),
    /** The reference fix. */
    solve: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type Exercise = z.infer<typeof Exercise>;

export const Tool = z
  .object({
    /** @example "kubectl" */
    name: z.enum(['docker', 'kind', 'kubectl', 'helm', 'istioctl', 'openssl', 'curl', 'promtool', 'jq']),
    /** Lowest version the lab was written for. @example "0.33.0" */
    min: z.string().regex(/^\d+\.\d+(\.\d+)?$/),
    /** Which steps need it: cluster steps (the default), host steps, or both. */
    for: z.enum(['host', 'cluster', 'both']).default('cluster'),
  })
  .strict();
export type Tool = z.infer<typeof Tool>;

export const Image = z
  .string()
  .refine((image) => /[:@]/.test(image.split('/').pop() ?? ''), 'must carry a tag or digest')
  .refine((image) => !/:latest(@|$)/.test(image), 'must not use :latest');

export const Lab = z
  .object({
    id: kebab,
    title: Text,
    summary: Text,
    /** Minutes for a first run, reading included. @example 25 */
    duration: z.number().int().positive(),
    tools: z.array(Tool).min(1),
    /**
     * `kind` labs get a cluster of their own shape when `kind.yaml` sits beside
     * `lab.ts`, or the shared default cluster otherwise. `any` labs may also run
     * against another cluster given with `--kubeconfig`.
     */
    cluster: z.enum(['kind', 'any']).default('kind'),
    /** Every container image the lab pulls, pinned. */
    images: z.array(Image).default([]),
    /** Namespaces the lab owns: deleted on cleanup, never shared with another lab. */
    namespaces: z.array(NamespaceName).default([]),
    /** Host ports the cluster maps (checked free before a run). */
    ports: z.array(z.number().int().min(1).max(65535)).default([]),
    /**
     * GiB of memory the container engine must have for this lab's cluster (Docker Desktop's or a podman
     * machine's VM, where there is one); `doctor` checks it. Give it only above the default.
     * @default 4
     */
    memory: z.number().int().min(4).max(64).default(4),
    steps: z.array(Step).min(1),
    exercises: z.array(Exercise).default([]),
    /** Commands that remove what the steps made; safe to run twice. */
    cleanup: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .superRefine((lab, ctx) => {
    const seen = new Set<string>();
    for (const [index, step] of lab.steps.entries()) {
      if (seen.has(step.id)) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `duplicate step id "${step.id}"` });
      }
      seen.add(step.id);
      const needs = [...step.needs, ...step.checks.flatMap((check) => check.needs ?? [])];
      for (const need of needs) {
        if ('image' in need && !lab.images.includes(need.image)) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'needs'],
            message: `needs image "${need.image}", which is not in the lab's images`,
          });
        }
      }
    }
    for (const [index, exercise] of lab.exercises.entries()) {
      for (const after of exercise.after) {
        if (!seen.has(after)) {
          ctx.addIssue({
            code: 'custom',
            path: ['exercises', index, 'after'],
            message: `names step "${after}", which the lab does not have`,
          });
        }
      }
    }
  });
export type Lab = z.infer<typeof Lab>;
export type LabInput = z.input<typeof Lab>;

/** Lab files say `export default defineLab({...})`: typed input, validated on load. */
export function defineLab(lab: LabInput): LabInput {
  return lab;
}
