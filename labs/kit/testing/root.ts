import { describe, test } from 'vitest';

/** True when the tests run as root, as CI does. */
export const isRoot = process.getuid?.() === 0;

/**
 * For proofs that use the kernel the way a node does (memory cgroups, tmpfs mounts, network namespaces,
 * acting as another user): they need root. As a normal user outside CI they are skipped, and `npm test`
 * reports them as "not run (needs root)"; under CI (which runs as root) they always run, so a CI machine
 * without root fails them loudly instead of skipping.
 */
export const describeAsRoot = describe.skipIf(!isRoot && process.env.CI !== 'true');

/** The same for a single test. */
export const testAsRoot = test.skipIf(!isRoot && process.env.CI !== 'true');

/** Named in npm test's summary when the tests do not run as root. */
export const ROOT_ONLY_PROOFS = [
  "storage: a memory-backed emptyDir's tmpfs pages charged to a memory cgroup (OOM kill)",
  'blackbox: Prometheus and the exporter probing nginx and dnsmasq in a private network namespace',
  'lab kit: a state folder that belongs to another user (setpriv)',
] as const;
