/**
 * A progress bar on stderr while a large file is read. Drawn only when stderr is
 * a terminal (never into a log or a pipe), redrawn at most every 100 ms, and
 * erased when reading ends so the terminal is left as it was.
 */
export interface ProgressTarget {
  write(s: string): unknown;
  readonly columns?: number | undefined;
}

/** Files above this size get a progress bar. */
export const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly target: ProgressTarget,
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {}

  update(done: number, total: number): void {
    const t = this.now();
    if (this.drawn && t - this.lastDraw < 100 && done < total) return;
    this.lastDraw = t;
    const cols = Math.max(40, Math.min(this.target.columns ?? 80, 120));
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
    const mb = `${(done / 1048576).toFixed(1)}/${(total / 1048576).toFixed(1)} MB`;
    const label = this.label.length > 30 ? '…' + this.label.slice(-29) : this.label;
    const barWidth = Math.max(10, cols - label.length - pct.length - mb.length - 6);
    const full = Math.round(fraction * barWidth);
    this.target.write(`\r${label} [${'#'.repeat(full)}${'.'.repeat(barWidth - full)}]${pct} ${mb}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.target.write('\r\x1b[2K');
    this.drawn = false;
  }
}
