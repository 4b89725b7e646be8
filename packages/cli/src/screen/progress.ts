/** Where progress goes: a terminal stream (process.stderr), or nothing when it is not a terminal. */
export interface ProgressTarget {
  isTTY?: boolean;
  write(text: string): boolean;
}

const REFRESH_MS = 250;

/**
 * A one-line progress display on stderr (rows read, rate, share of the file), shown only when stderr is a
 * terminal so that logs and pipes stay clean.
 */
export class ProgressLine {
  private readonly isEnabled: boolean;
  private phase = '';
  private phaseStartedAt = 0;
  private lastDrawAt = 0;
  private rows = 0;
  private hasDrawn = false;

  constructor(
    private readonly target: ProgressTarget,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.isEnabled = target.isTTY === true;
  }

  /** Starts a named phase (第 1 遍 …); the row count and rate restart. */
  startPhase(phase: string): void {
    this.phase = phase;
    this.phaseStartedAt = this.now();
    this.rows = 0;
    this.draw(0, true);
  }

  /** Reports rows read so far in this phase and, when known, the share of the input read (0–1). */
  update(rows: number, fraction?: number): void {
    this.rows = rows;
    this.draw(fraction ?? 0, false);
  }

  /** Clears the line so that the next message starts clean. */
  done(): void {
    if (this.isEnabled && this.hasDrawn) {
      this.target.write('\r\x1b[2K');
      this.hasDrawn = false;
    }
  }

  private draw(fraction: number, isForced: boolean): void {
    if (!this.isEnabled) {
      return;
    }
    const now = this.now();
    if (!isForced && now - this.lastDrawAt < REFRESH_MS) {
      return;
    }
    this.lastDrawAt = now;
    if (this.rows === 0 && fraction === 0) {
      // A phase without rows (building the report): its name is the news.
      this.target.write(`\r\x1b[2K${this.phase}…`);
      this.hasDrawn = true;
      return;
    }
    const seconds = Math.max((now - this.phaseStartedAt) / 1000, 0.001);
    const rate = Math.round(this.rows / seconds);
    const width = 24;
    const filled = Math.min(width, Math.round(Math.min(Math.max(fraction, 0), 1) * width));
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const share = fraction > 0 ? ` ${Math.round(fraction * 100)}%` : '';
    this.target.write(
      `\r\x1b[2K${this.phase} ${bar}${share} 已读 ${this.rows.toLocaleString('zh-CN')} 行 · ${rate.toLocaleString('zh-CN')} 行/秒`,
    );
    this.hasDrawn = true;
  }
}
