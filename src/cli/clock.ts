import type { Services } from '../app.ts';
import { ClockInputError, parseDuration, parseInstant } from '../platform/clock/clock.ts';
import { toIsoUtc } from '../platform/clock/format.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './io.ts';

export type ClockMove = { to: Date } | { byMs: number } | undefined;

/** Checks `--set`/`--advance` before anything is opened, so a typo costs no database round trip. */
export function parseClockMove(options: { set?: string; advance?: string }): ClockMove {
  if (options.set !== undefined && options.advance !== undefined) throw new CliError('Give --set or --advance, not both');
  try {
    if (options.set !== undefined) return { to: parseInstant(options.set) };
    if (options.advance !== undefined) return { byMs: parseDuration(options.advance) };
    return undefined;
  } catch (error) {
    if (error instanceof ClockInputError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * `dpr clock`: prints the shared clock (ISO-8601 UTC) after moving it, if asked, through the
 * ClockService, which stores the offset in `sys_clock` and runs what falls due.
 */
export async function clock(services: Services, io: CliIo, move: ClockMove): Promise<void> {
  let now = services.clock.now();
  if (move && 'to' in move) now = await services.clocks.moveTo(move.to);
  else if (move) now = await services.clocks.advance(move.byMs);
  io.out(toIsoUtc(now));
}
