import { Errors } from '../../platform/errors/catalogue.ts';
import { CalendarError } from './engine/index.ts';

/** Runs calendar-engine code, turning its input errors (`CalendarError`) into DPR business errors (400). */
export function fromEngine<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof CalendarError) throw Errors.rule(error.message);
    throw error;
  }
}
