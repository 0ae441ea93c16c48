// The audit policy's documented semantics, for offline proofs: the audit.k8s.io/v1 Policy schema,
// the API server's validation rules, and its rule matching (first match wins, no match: None).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml, z } from '../kit/deps.ts';

export const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type Level = (typeof LEVELS)[number];
export const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type Stage = (typeof STAGES)[number];

const GroupResources = z
  .object({
    group: z.string().optional(),
    resources: z.array(z.string()).optional(),
    resourceNames: z.array(z.string()).optional(),
  })
  .strict();

const PolicyRule = z
  .object({
    level: z.enum(LEVELS),
    users: z.array(z.string()).optional(),
    userGroups: z.array(z.string()).optional(),
    verbs: z.array(z.string()).optional(),
    resources: z.array(GroupResources).optional(),
    namespaces: z.array(z.string()).optional(),
    nonResourceURLs: z.array(z.string()).optional(),
    omitStages: z.array(z.enum(STAGES)).optional(),
    omitManagedFields: z.boolean().optional(),
  })
  .strict();
export type PolicyRule = z.infer<typeof PolicyRule>;

/** audit.k8s.io/v1 Policy, the fields the type has; anything else is an error, as in a strict decode. */
export const Policy = z
  .object({
    apiVersion: z.literal('audit.k8s.io/v1'),
    kind: z.literal('Policy'),
    metadata: z.record(z.string(), z.unknown()).optional(),
    rules: z.array(PolicyRule),
    omitStages: z.array(z.enum(STAGES)).optional(),
    omitManagedFields: z.boolean().optional(),
  })
  .strict();
export type Policy = z.infer<typeof Policy>;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The checks of k8s.io/apiserver's audit policy validation, as readable lines. */
export function policyProblems(policy: Policy): string[] {
  const problems: string[] = [];
  for (const [index, rule] of policy.rules.entries()) {
    const at = `rules[${index}]`;
    if (
      (rule.nonResourceURLs?.length ?? 0) > 0 &&
      ((rule.resources?.length ?? 0) > 0 || (rule.namespaces?.length ?? 0) > 0)
    ) {
      problems.push(`${at}: rules cannot apply to both regular resources and non-resource URLs`);
    }
    for (const url of rule.nonResourceURLs ?? []) {
      if (url === '*') continue;
      if (!url.startsWith('/')) problems.push(`${at}: non-resource URL "${url}" must begin with "/"`);
      if (url.slice(0, -1).includes('*')) problems.push(`${at}: the wildcard of "${url}" must be its last character`);
    }
    for (const resources of rule.resources ?? []) {
      const group = resources.group ?? '';
      if (group !== '' && group !== '*' && (group.length > 253 || !DNS_SUBDOMAIN.test(group))) {
        problems.push(`${at}: group "${group}" is not a DNS subdomain`);
      }
      if ((resources.resourceNames?.length ?? 0) > 0 && (resources.resources?.length ?? 0) === 0) {
        problems.push(`${at}: resourceNames needs at least one resource`);
      }
    }
  }
  return problems;
}

export function loadPolicy(file: string): Policy {
  return Policy.parse(parseYaml(readFileSync(file, 'utf8')));
}

export const POLICY_FILE = join(import.meta.dirname, 'files', 'policy', 'audit-policy.yaml');

/** What the authorizer knows about a request, which is what the policy matches on. */
export interface Request {
  user: string;
  groups?: string[];
  verb: string;
  /** A resource request names its resource; a non-resource request its path. */
  resource?: { group?: string; resource: string; subresource?: string; namespace?: string; name?: string };
  path?: string;
}

export interface Decision {
  level: Level;
  /** The rule that matched (its index), or undefined for the default, None. */
  rule?: number;
  omitStages: Stage[];
}

function resourceMatches(rule: PolicyRule, request: Request): boolean {
  const target = request.resource;
  if (!target) return false;
  if (rule.namespaces && rule.namespaces.length > 0 && !rule.namespaces.includes(target.namespace ?? '')) return false;
  if (!rule.resources || rule.resources.length === 0) return true;
  const group = target.group ?? '';
  const combined = target.subresource ? `${target.resource}/${target.subresource}` : target.resource;
  return rule.resources.some((resources) => {
    if ((resources.group ?? '') !== group && resources.group !== '*') return false;
    if (!resources.resources || resources.resources.length === 0) return true;
    if (resources.resourceNames?.length && !resources.resourceNames.includes(target.name ?? '')) return false;
    return resources.resources.some(
      (spec) =>
        spec === combined ||
        spec === '*' ||
        (target.subresource !== undefined && spec === `*/${target.subresource}`) ||
        (spec.endsWith('/*') && spec.slice(0, -2) === target.resource),
    );
  });
}

function pathMatches(path: string, spec: string): boolean {
  return spec === '*' || spec === path || (spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, '')));
}

function ruleMatches(rule: PolicyRule, request: Request): boolean {
  if (rule.users?.length && !rule.users.includes(request.user)) return false;
  if (rule.userGroups?.length && !(request.groups ?? []).some((group) => rule.userGroups?.includes(group)))
    return false;
  if (rule.verbs?.length && !rule.verbs.includes(request.verb)) return false;
  if (rule.namespaces?.length || rule.resources?.length) return resourceMatches(rule, request);
  if (rule.nonResourceURLs?.length) {
    return request.resource === undefined && rule.nonResourceURLs.some((spec) => pathMatches(request.path ?? '', spec));
  }
  return true;
}

/** The level and omitted stages the API server gives a request under this policy. */
export function evaluate(policy: Policy, request: Request): Decision {
  const policyStages = policy.omitStages ?? [];
  const index = policy.rules.findIndex((rule) => ruleMatches(rule, request));
  const rule = policy.rules[index];
  if (!rule) return { level: 'None', omitStages: [...policyStages] };
  return { level: rule.level, rule: index, omitStages: [...new Set([...policyStages, ...(rule.omitStages ?? [])])] };
}
