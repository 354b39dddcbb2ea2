import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { describeAlert, useAlerts } from '../alerts';
import { BarFigure, LineFigure } from '../components/Charts';
import { ErrorNote, Loading, Page } from '../components/Page';
import { errorMessage, useTRPC } from '../trpc';

export function Overview() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.hrdata.summary.queryOptions());
  const daily = useQuery(trpc.reports.daily.queryOptions({}));
  const { alerts } = useAlerts();

  return (
    <Page title="Overview">
      {summary.isPending ? (
        <Loading />
      ) : summary.error ? (
        <ErrorNote error={errorMessage(summary.error)} />
      ) : !summary.data ? (
        <p>
          No HR data yet. <Link to="/upload">Upload the six CSV files</Link> to see the figures.
        </p>
      ) : (
        <>
          <dl className="stats">
            <div>
              <dt>Headcount</dt>
              <dd>{summary.data.headcount.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Flagged</dt>
              <dd>
                <Link to="/flagged">{summary.data.flaggedCount.toLocaleString()}</Link>
              </dd>
            </div>
            <div>
              <dt>Mean work hours a day</dt>
              <dd>{summary.data.meanWorkHours?.toFixed(1) ?? '—'}</dd>
            </div>
            <div>
              <dt>Without a vibe response</dt>
              <dd>{summary.data.employeesWithoutVibe.toLocaleString()}</dd>
            </div>
          </dl>
          <p className="muted">Analysed {summary.data.analysedAt.toLocaleString()}.</p>
        </>
      )}
      <div className="grid">
        {summary.data && (
          <BarFigure
            title="Vibe distribution (each employee's recent responses, averaged and rounded)"
            xKey="vibe"
            rows={([1, 2, 3, 4, 5] as const).map((v) => ({ vibe: v, employees: summary.data!.vibeDistribution[v] }))}
            series={[{ key: 'employees', name: 'Employees', color: '#3b6fb6' }]}
          />
        )}
        {daily.data && daily.data.report.vibeTrend.length > 0 && (
          <LineFigure
            title="Company vibe by month (mean, 1–5)"
            xKey="month"
            domain={[1, 5]}
            rows={daily.data.report.vibeTrend.map((m) => ({ month: m.month, vibe: m.meanVibe === null ? null : Number(m.meanVibe.toFixed(2)) }))}
            series={[{ key: 'vibe', name: 'Mean vibe', color: '#b6473b' }]}
          />
        )}
      </div>
      <div className="grid">
        <section aria-labelledby="today-checkins">
          <h2 id="today-checkins">Today’s check-ins</h2>
          {daily.isPending ? (
            <Loading />
          ) : daily.error ? (
            <ErrorNote error={errorMessage(daily.error)} />
          ) : daily.data.report.contacted.length === 0 ? (
            <p className="muted">Nobody was selected today.</p>
          ) : (
            <>
              <p>
                {daily.data.report.contactedCount} contacted, {daily.data.report.answeredCount} answered.
              </p>
              <ul>
                {daily.data.report.contacted.slice(0, 8).map((c) => (
                  <li key={c.employeeId}>
                    <Link to={`/employees/${encodeURIComponent(c.employeeId)}`}>{c.employeeId}</Link> ({c.username}, {c.status}): {c.reasons.join('; ')}
                  </li>
                ))}
              </ul>
              <Link to="/checkins">All check-ins</Link>
            </>
          )}
        </section>
        <section aria-labelledby="latest-alerts">
          <h2 id="latest-alerts">Latest alerts</h2>
          {alerts.length === 0 ? (
            <p className="muted">No alerts in the last seven days.</p>
          ) : (
            <ul>
              {alerts.slice(0, 5).map((alert) => {
                const { title, detail } = describeAlert(alert);
                return (
                  <li key={alert.id}>
                    <strong>{title}</strong> — {detail}
                  </li>
                );
              })}
            </ul>
          )}
          <Link to="/alerts">All alerts</Link>
        </section>
      </div>
    </Page>
  );
}
