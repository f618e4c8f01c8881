import { disp, val, type Row } from './api/table';

/**
 * Which schedule entry (cmn_schedule_span) excludes a date, for shading the month view: a one-off
 * span covers start..end, a weekly one its ISO weekdays from its start (until its end when set), a
 * yearly one the same month-days every year. The server's calendar engine is the authority; this
 * only draws it.
 */
export function excludedBy(spans: Row[], date: string): string | undefined {
  for (const span of spans) {
    const start = val(span, 'start_date');
    const end = val(span, 'end_date') || start;
    const name = `${disp(span, 'schedule')}: ${disp(span, 'name')}`;
    const type = val(span, 'repeat_type') || 'none';
    if (type === 'none' && date >= start && date <= end) return name;
    if (type === 'weekly' && date >= start && (!val(span, 'end_date') || date <= end)) {
      const iso = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      if (val(span, 'days_of_week').includes(String(iso))) return name;
    }
    if (type === 'yearly') {
      const md = date.slice(5);
      const [from, to] = [start.slice(5), end.slice(5)];
      if (from <= to ? md >= from && md <= to : md >= from || md <= to) return name;
    }
  }
  return undefined;
}
