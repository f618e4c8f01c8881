import type { ReactNode } from 'react';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const isoDate = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);

/** A month as a week grid (Monday first); each day's content and shading come from the caller. */
export function MonthGrid({ year, month, content, shaded }: { year: number; month: number; content: (date: string) => ReactNode; shaded: (date: string) => string | undefined }) {
  const first = new Date(Date.UTC(year, month, 1));
  const lead = (first.getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const cells: Array<string | undefined> = [...Array(lead).fill(undefined), ...Array.from({ length: days }, (_, i) => isoDate(year, month, i + 1))];
  while (cells.length % 7) cells.push(undefined);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  return (
    <table className="month">
      <caption className="sr-only">{first.toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })}</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((d) => (
            <th key={d} scope="col">
              {d}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, w) => (
          <tr key={w}>
            {week.map((date, d) => {
              const shade = date ? shaded(date) : undefined;
              return (
                <td key={d} className={shade ? 'excluded' : undefined} title={shade}>
                  {date && (
                    <>
                      <span className="day">{Number(date.slice(8))}</span>
                      {shade && <span className="sr-only"> excluded: {shade}</span>}
                      {content(date)}
                    </>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
