export interface RetryOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Stops retrying early, e.g. when the run is interrupted. */
  signal?: AbortSignal;
}

export interface Attempt<T> {
  ok: boolean;
  value: T;
}

/**
 * Calls `attempt` until it reports ok or the deadline passes; returns the last
 * attempt either way, so a failure can say what it saw last.
 */
export async function retry<T>(
  attempt: () => Promise<Attempt<T>>,
  options: RetryOptions,
): Promise<Attempt<T> & { tries: number }> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 2000;
  let tries = 0;
  for (;;) {
    tries += 1;
    const result = await attempt();
    if (result.ok || Date.now() + interval > deadline || options.signal?.aborted) {
      return { ...result, tries };
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
