/** `yyyy-MM-dd HH:mm:ss` in UTC: the platform's wire and storage format for date-times. */
export function toGlideDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO-8601 UTC with `Z` and no milliseconds, as the DPR API shows (`2025-09-26T08:30:00Z`). */
export function toIsoUtc(date: Date): string {
  return date.toISOString().slice(0, 19) + 'Z';
}

/** Reads a stored `yyyy-MM-dd HH:mm:ss` UTC value. */
export function fromGlideDateTime(text: string): Date {
  return new Date(text.replace(' ', 'T') + 'Z');
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with it.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The `yyyy-MM-dd` formatter of a zone; throws a RangeError for a zone Intl does not know. */
export function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormats.size < 1_000) dayFormats.set(timeZone, format);
  }
  return format;
}

/** The date-only "today" in a time zone (`yyyy-MM-dd`). */
export function dateInZone(date: Date, timeZone: string): string {
  const parts = dayFormat(timeZone).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
