import { disp, val, type Row } from '../api/table';

const DAY = 86_400_000;
const toDay = (text: string) => (text ? Math.floor(Date.parse(`${text}T00:00:00Z`) / DAY) : undefined);

/**
 * The phases as a timeline in plain SVG: planned bars with the actual span over them, a line for
 * today and for the readiness date, and a diamond per key date. Dates are whole days (UTC).
 */
export function Timeline({ release, phases, keyDates, today }: { release: Row; phases: Row[]; keyDates: Row[]; today: string }) {
  const days = [
    ...phases.flatMap((p) => ['planned_start_date', 'planned_end_date', 'actual_start_date', 'actual_end_date'].map((f) => toDay(val(p, f)))),
    ...keyDates.map((k) => toDay(val(k, 'due_date'))),
    toDay(val(release, 'readiness_date')),
    toDay(today),
  ].filter((d): d is number => d !== undefined);
  if (!phases.length || !days.length) return <p className="muted">No phases to show.</p>;
  const first = Math.min(...days) - 1;
  const last = Math.max(...days) + 2;
  const width = 1000;
  const labelWidth = 160;
  const row = 34;
  const top = 24;
  const height = top + phases.length * row + 40;
  const x = (day: number) => labelWidth + ((day - first) / (last - first)) * (width - labelWidth - 10);
  const marker = (day: number | undefined, label: string, className: string) =>
    day === undefined ? null : (
      <g className={className}>
        <line x1={x(day)} x2={x(day)} y1={top - 6} y2={height - 24} />
        <text x={x(day) + 3} y={top - 10}>
          {label}
        </text>
      </g>
    );
  const span = (p: Row, from: string, to: string, y: number, h: number, className: string) => {
    const start = toDay(val(p, from));
    if (start === undefined) return null;
    const end = toDay(val(p, to)) ?? (className === 'actual' ? toDay(today)! : start);
    return <rect className={className} x={x(start)} y={y} width={Math.max(3, x(end + 1) - x(start))} height={h} rx={3} />;
  };
  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="timeline-title timeline-desc">
        <title id="timeline-title">Phase timeline</title>
        <desc id="timeline-desc">
          {phases.map((p) => `${disp(p, 'name')}: planned ${val(p, 'planned_start_date')} to ${val(p, 'planned_end_date')}, ${disp(p, 'state')}`).join('; ')}
        </desc>
        {phases.map((p, i) => {
          const y = top + i * row;
          return (
            <g key={val(p, 'sys_id')}>
              <text x={0} y={y + 18} className="phase-label">
                {disp(p, 'name')}
              </text>
              {span(p, 'planned_start_date', 'planned_end_date', y + 4, 22, 'planned')}
              {span(p, 'actual_start_date', 'actual_end_date', y + 10, 10, 'actual')}
            </g>
          );
        })}
        {keyDates.map((k) => {
          const day = toDay(val(k, 'due_date'));
          if (day === undefined) return null;
          const y = height - 22;
          return (
            <g key={val(k, 'sys_id')} className="key-date">
              <path d={`M${x(day)},${y - 6} l6,6 l-6,6 l-6,-6 z`} />
              <title>{`${disp(k, 'name')} (${val(k, 'due_date')})`}</title>
            </g>
          );
        })}
        {marker(toDay(val(release, 'readiness_date')), 'Readiness', 'readiness')}
        {marker(toDay(today), 'Today', 'today')}
      </svg>
      <figcaption className="legend">
        <span className="swatch planned" /> Planned <span className="swatch actual" /> Actual <span className="swatch today" /> Today{' '}
        <span className="swatch readiness" /> Readiness date <span className="swatch key-date" /> Key date
      </figcaption>
    </figure>
  );
}
