import { formatDuration } from './duration.ts';

/** `interrupted`: Ctrl-C, SIGTERM or a closed output stopped the step while it ran; it did not fail. */
export type StepResult = 'passed' | 'failed' | 'skipped' | 'interrupted';

export interface Row {
  id: string;
  where: string;
  result: StepResult;
  durationMs: number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARK: Record<StepResult, string> = { passed: '✔', failed: '✘', skipped: '–', interrupted: '⚠' };

/**
 * Progress for humans: a spinner line per step on a terminal, plain lines elsewhere.
 * Every `begin` ends in a result line: `end` when the work finished, `abandon` when it threw.
 */
export class Reporter {
  private timer: NodeJS.Timeout | undefined;
  private pending: { label: string; started: number } | undefined;
  private readonly out: NodeJS.WriteStream;
  private readonly tty: boolean;

  constructor(out: NodeJS.WriteStream = process.stdout) {
    this.out = out;
    this.tty = Boolean(out.isTTY) && process.env.CI !== 'true';
  }

  line(text = ''): void {
    const spinning = this.timer !== undefined;
    this.stopSpinner();
    this.out.write(`${text}\n`);
    // A note said while a phase runs (kind creating the cluster) goes above the spinner, which goes on.
    if (spinning && this.pending) this.spin(this.pending.label, this.pending.started);
  }

  begin(label: string): void {
    this.stopSpinner();
    const started = Date.now();
    this.pending = { label, started };
    if (!this.tty) {
      this.out.write(`… ${label}\n`);
      return;
    }
    this.spin(label, started);
  }

  private spin(label: string, started: number): void {
    let frame = 0;
    const draw = () => {
      const elapsed = formatDuration(Date.now() - started);
      this.out.write(`\r\x1b[2K${FRAMES[frame % FRAMES.length]} ${label} (${elapsed})`);
      frame += 1;
    };
    draw();
    // The spinner shows that other work is under way; it must never be what keeps the process alive.
    this.timer = setInterval(draw, 100).unref();
  }

  end(label: string, result: StepResult, durationMs: number, note = ''): void {
    this.stopSpinner();
    this.pending = undefined;
    const verb =
      result === 'passed'
        ? `ready after ${formatDuration(durationMs)}`
        : `${result} after ${formatDuration(durationMs)}`;
    const text = `${MARK[result]} ${label}: ${verb}${note ? ` ${note}` : ''}`;
    this.out.write(this.tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
  }

  table(rows: readonly Row[]): void {
    const width = Math.max(4, ...rows.map((row) => row.id.length));
    this.line('');
    const resultWidth = Math.max(7, ...rows.map((row) => row.result.length));
    this.line(`  ${'step'.padEnd(width)}  where    ${'result'.padEnd(resultWidth)}  time`);
    for (const row of rows) {
      const time = row.result === 'skipped' ? '' : formatDuration(row.durationMs);
      this.line(
        `${MARK[row.result]} ${row.id.padEnd(width)}  ${row.where.padEnd(7)}  ${row.result.padEnd(resultWidth)}  ${time}`,
      );
    }
  }

  /** Ends a phase whose work threw before `end`: its line says failed (or interrupted), and its spinner stops. */
  abandon(result: 'failed' | 'interrupted' = 'failed'): void {
    if (this.pending) this.end(this.pending.label, result, Date.now() - this.pending.started);
  }

  private stopSpinner(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.out.write('\r\x1b[2K');
    }
  }
}
