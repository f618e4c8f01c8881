import { Temporal } from 'temporal-polyfill';

/**
 * The one source of time (CONTRACT §6). It runs forward in real time from a starting instant that
 * may be fixed (`DPR_NOW`) or moved by an admin; only the offset from the real time is kept, so a
 * moved clock keeps ticking.
 */
export class Clock {
  private offsetMs: number;
  private readonly listeners = new Set<(now: Date) => void | Promise<void>>();

  constructor(start?: Date, private readonly realNow: () => number = Date.now) {
    this.offsetMs = start ? start.getTime() - realNow() : 0;
  }

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  nowMs(): number {
    return this.realNow() + this.offsetMs;
  }

  /** The offset from real time; shared through the database when several processes run. */
  get offset(): number {
    return this.offsetMs;
  }

  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }

  set(instant: Date): void {
    this.offsetMs = instant.getTime() - this.realNow();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Called after every move, so that scheduled work that fell due runs at once. */
  onMove(listener: (now: Date) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async notifyMoved(): Promise<void> {
    const now = this.now();
    for (const l of this.listeners) await l(now);
  }
}

export class ClockInputError extends Error {}

/** Parses an ISO-8601 instant; a date-time without an offset is taken as UTC. */
export function parseInstant(text: string): Date {
  const trimmed = text.trim();
  try {
    return new Date(Temporal.Instant.from(trimmed).epochMilliseconds);
  } catch {
    try {
      const local = Temporal.PlainDateTime.from(trimmed);
      return new Date(local.toZonedDateTime('UTC').epochMilliseconds);
    } catch {
      throw new ClockInputError(`Invalid instant: ${text}`);
    }
  }
}

/** Parses an ISO-8601 duration (`P1D`, `PT2H`, `P1W`) into milliseconds; calendar units count as fixed days. */
export function parseDuration(text: string): number {
  try {
    const d = Temporal.Duration.from(text.trim());
    if (d.years || d.months) {
      throw new ClockInputError(`Durations in years or months are ambiguous; use days or weeks: ${text}`);
    }
    return d.total({ unit: 'milliseconds', relativeTo: '2000-01-01T00:00:00+00:00[UTC]' });
  } catch (e) {
    if (e instanceof ClockInputError) throw e;
    throw new ClockInputError(`Invalid duration: ${text}`);
  }
}
