import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface Series {
  key: string;
  name: string;
  color: string;
}

type Row = Record<string, string | number | null>;

/** A chart in a figure whose caption names it; the numbers are also in a table for screen readers. */
function Figure({ title, rows, series, xKey, children }: { title: string; rows: Row[]; series: Series[]; xKey: string; children: React.ReactElement }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          {children}
        </ResponsiveContainer>
      </div>
      <div className="visually-hidden">
        <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{xKey}</th>
            {series.map((s) => (
              <th scope="col" key={s.key}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={String(row[xKey])}>
              <th scope="row">{row[xKey]}</th>
              {series.map((s) => (
                <td key={s.key}>{row[s.key] ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
        </table>
      </div>
    </figure>
  );
}

export function BarFigure({ title, rows, xKey, series }: { title: string; rows: Row[]; xKey: string; series: Series[] }) {
  return (
    <Figure title={title} rows={rows} series={series} xKey={xKey}>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey={xKey} />
        <YAxis allowDecimals={false} width={48} />
        <Tooltip />
        {series.length > 1 && <Legend />}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </Figure>
  );
}

export function LineFigure({ title, rows, xKey, series, domain }: { title: string; rows: Row[]; xKey: string; series: Series[]; domain?: [number, number] }) {
  return (
    <Figure title={title} rows={rows} series={series} xKey={xKey}>
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey={xKey} />
        <YAxis domain={domain ?? [(min: number) => Math.floor(min - 0.5), (max: number) => Math.ceil(max + 0.5)]} allowDecimals={false} width={48} />
        <Tooltip />
        {series.length > 1 && <Legend />}
        {series.map((s) => (
          <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </Figure>
  );
}
