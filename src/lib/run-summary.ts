import { Reporter } from '../../labs/kit/report.ts';
import type { Transcript } from '../../labs/kit/transcript.ts';

/**
 * The table `npm run lab -- run` prints at the end of a run, for a recorded run: written by the
 * runner's own reporter from the transcript's steps, so the page shows what the terminal showed.
 */
export function runSummary(transcript: Transcript): string[] {
  let text = '';
  const out = {
    isTTY: false,
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  new Reporter(out).table(
    // A step the platform could not run shows as the terminal showed it: skipped, with no time.
    transcript.steps.map(({ id, where, result, durationMs }) => ({
      id,
      where,
      result: result === 'not-run' ? 'skipped' : result,
      durationMs,
    })),
  );
  return text.replace(/^\n+|\n+$/g, '').split('\n');
}
