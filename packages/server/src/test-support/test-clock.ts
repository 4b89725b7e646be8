import type { Clock } from '../deps.js';

/** The moment every test clock starts at unless told otherwise. */
export const TEST_CLOCK_START = new Date('2026-11-27T02:00:00.000Z');

export interface TestClockOptions {
  /** Where the clock starts; TEST_CLOCK_START by default. */
  start?: Date;
  /**
   * Move on by this many milliseconds at every reading, before answering (0, the default, stands still). The audit
   * tests tick, so that entries written one after another get distinct, ordered times.
   */
  tickMs?: number;
}

/** The one clock of the tests: it stands still (or ticks on every reading) and can be set and moved on. */
export class TestClock implements Clock {
  private current: number;
  private readonly tickMs: number;

  constructor(options: TestClockOptions = {}) {
    this.current = (options.start ?? TEST_CLOCK_START).getTime();
    this.tickMs = options.tickMs ?? 0;
  }

  now(): Date {
    this.current += this.tickMs;
    return new Date(this.current);
  }

  /** Moves the clock on by whole minutes. */
  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }

  /** Puts the clock at `date`. */
  set(date: Date): void {
    this.current = date.getTime();
  }
}
