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

/** The date-only "today" in a time zone (`yyyy-MM-dd`). */
export function dateInZone(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
