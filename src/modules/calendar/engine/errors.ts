/**
 * Errors raised by the calendar engine.
 *
 * Every error here is caused by the caller's input (a bad date, a broken schedule, an impossible
 * recurrence), never by a bug, so the HTTP layer maps any `CalendarError` to a 400 and can show
 * `message` to the client as is: each message is one clear sentence naming the field or rule.
 */

/** Base class: `instanceof CalendarError` is the one check the HTTP layer needs. */
export class CalendarError extends Error {
  /** Stable machine-readable code, so callers and tests need not match on message text. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A date string that is not a real `yyyy-MM-dd` calendar date. */
export class InvalidDateError extends CalendarError {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown) {
    super('invalid_date', `${field} must be a date in yyyy-MM-dd format (got ${JSON.stringify(value)})`);
    this.field = field;
    this.value = value;
  }
}

/** A `cmn_schedule_span`-like record that cannot be interpreted. */
export class InvalidScheduleSpanError extends CalendarError {
  readonly spanIndex: number;

  constructor(spanIndex: number, reason: string) {
    super('invalid_schedule_span', `Schedule span #${spanIndex + 1} is invalid: ${reason}`);
    this.spanIndex = spanIndex;
  }
}

/**
 * The schedule leaves no working day within the search window, e.g. a weekly span on `1234567`.
 * Raised instead of searching forever.
 */
export class NoWorkingDaysError extends CalendarError {
  readonly from: string;
  readonly searchedDays: number;

  constructor(from: string, direction: 'before' | 'after', searchedDays: number) {
    super(
      'no_working_days',
      `The schedule has no working day within ${searchedDays} days ${direction} ${from}; check that it does not exclude every day`,
    );
    this.from = from;
    this.searchedDays = searchedDays;
  }
}

/** Timeline phases that cannot be laid out (bad duration, several readiness phases, ...). */
export class InvalidTimelineError extends CalendarError {
  constructor(message: string) {
    super('invalid_timeline', message);
  }
}

/** A template key date whose offset cannot be applied. */
export class InvalidKeyDateError extends CalendarError {
  constructor(message: string) {
    super('invalid_key_date', message);
  }
}

/** A recurring readiness-target request with invalid parameters. */
export class InvalidRecurrenceError extends CalendarError {
  constructor(message: string) {
    super('invalid_recurrence', message);
  }
}

/** A recurrence that would create more dates than allowed in one request. */
export class TooManyOccurrencesError extends CalendarError {
  readonly limit: number;

  constructor(limit: number) {
    super(
      'too_many_occurrences',
      `The recurrence produces more than ${limit} dates; shorten the date range or increase the interval`,
    );
    this.limit = limit;
  }
}

/** A time zone name that neither IANA nor an offset form accepts. */
export class InvalidTimeZoneError extends CalendarError {
  readonly timeZone: string;

  constructor(timeZone: string) {
    super('invalid_time_zone', `Time zone ${JSON.stringify(timeZone)} is not a valid IANA time zone`);
    this.timeZone = timeZone;
  }
}
