/**
 * A reader that stops reading (`npm run -s lab -- list | head -1`) is no error: what is left to print has
 * no one to read it. Writes to a closed stdout or stderr are dropped without a stack trace, and whoever
 * subscribed with `onStdoutClosed` hears of it once (a run stops and cleans up, as on SIGPIPE).
 */
const listeners = new Set<() => void>();
let stdoutClosed = false;
let guarded = false;

export function quietWhenOutputCloses(): void {
  if (guarded) return;
  guarded = true;
  // Any write error means the output cannot reach anyone: EPIPE for a closed pipe, EIO for a gone terminal.
  process.stdout.on('error', () => {
    if (stdoutClosed) return;
    stdoutClosed = true;
    for (const listener of listeners) listener();
  });
  process.stderr.on('error', () => {});
}

/** Calls `listener` once when stdout closes; returns the way to unsubscribe. */
export function onStdoutClosed(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
