/** A small horizontal bar chart (CSS widths), with the numbers in text for screen readers too. */
export function BarChart({ title, data }: { title: string; data: Record<string, number> }) {
  const entries = Object.entries(data);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const id = `chart-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <figure className="chart card" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <dl>
        {entries.map(([label, n], i) => (
          <div key={label} className="bar-row">
            <dt>{label}</dt>
            <dd>
              <span className={`bar bar-${i % 4}`} style={{ width: `${(n / max) * 100}%` }} />
              <span className="bar-value">{n}</span>
            </dd>
          </div>
        ))}
        {entries.length === 0 && <p className="muted">No data</p>}
      </dl>
    </figure>
  );
}
