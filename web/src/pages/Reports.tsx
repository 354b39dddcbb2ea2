import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { LineFigure } from '../components/Charts';
import { ErrorNote, Loading, Page } from '../components/Page';
import { errorCode, errorMessage, useTRPC } from '../trpc';

const RISKS = ['low', 'medium', 'high', 'critical'] as const;
type Risk = (typeof RISKS)[number];

const dayStart = (value: string) => (value ? new Date(`${value}T00:00:00Z`) : undefined);
const dayEnd = (value: string) => (value ? new Date(`${value}T23:59:59.999Z`) : undefined);

export function Reports() {
  const trpc = useTRPC();
  const [risk, setRisk] = useState<Risk | ''>('');
  const [employeeId, setEmployeeId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const ids = { risk: useId(), employee: useId(), from: useId(), to: useId() };
  const input = {
    riskLevel: risk || undefined,
    employeeId: employeeId.trim() || undefined,
    from: dayStart(from),
    to: dayEnd(to),
    limit: 50,
  };
  const reports = useInfiniteQuery(trpc.reports.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor }));
  const items = reports.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Page title="Reports" actions={<Link to="/reports/daily">Daily People-Experience report</Link>}>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter reports">
        <div>
          <label htmlFor={ids.risk}>Risk</label>
          <select id={ids.risk} value={risk} onChange={(e) => setRisk(e.target.value as Risk | '')}>
            <option value="">any</option>
            {RISKS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.employee}>Employee ID</label>
          <input id={ids.employee} value={employeeId} onChange={(e) => setEmployeeId(e.target.value)} />
        </div>
        <div>
          <label htmlFor={ids.from}>From</label>
          <input id={ids.from} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div>
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </form>
      {reports.isPending ? (
        <Loading />
      ) : reports.error ? (
        <ErrorNote error={errorMessage(reports.error)} />
      ) : items.length === 0 ? (
        <p className="muted">No reports match.</p>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Employee</th>
                  <th scope="col">Risk</th>
                  <th scope="col">Score</th>
                  <th scope="col">Escalate</th>
                  <th scope="col">Report</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td>{r.reportDate.toLocaleString()}</td>
                    <td>
                      <Link to={`/employees/${encodeURIComponent(r.employeeId)}`}>{r.employeeId}</Link>
                    </td>
                    <td>
                      <span className={`risk ${r.riskLevel}`}>{r.riskLevel}</span>
                    </td>
                    <td>{r.riskScore}</td>
                    <td>{r.escalate ? 'yes' : 'no'}</td>
                    <td>
                      <Link to={`/reports/${r.id}`}>Open report {r.id}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {reports.hasNextPage && (
            <button type="button" className="secondary" onClick={() => void reports.fetchNextPage()} disabled={reports.isFetchingNextPage}>
              More reports
            </button>
          )}
        </>
      )}
    </Page>
  );
}

export function Report() {
  const trpc = useTRPC();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const report = useQuery({ ...trpc.reports.get.queryOptions({ id }), enabled: valid });
  const conversation = report.data?.report.conversation;
  const words = useQuery({
    ...trpc.messages.list.queryOptions({ userId: report.data?.userId, limit: 200 }),
    enabled: !!report.data,
  });
  const title = `Report ${valid ? id : ''}`.trim();
  if (!valid) return <Page title="Report"><ErrorNote error="Not a report number." /></Page>;
  if (report.isPending) return <Page title={title}><Loading /></Page>;
  if (report.error) return <Page title={title}><ErrorNote error={errorCode(report.error) === 'NOT_FOUND' ? `There is no report ${id}.` : errorMessage(report.error)} /></Page>;

  const { report: body } = report.data.report;
  const own = (words.data?.items ?? [])
    .filter((m) => m.direction === 'sent' && conversation && m.createdAt >= new Date(conversation.first_at) && m.createdAt <= new Date(conversation.last_at))
    .reverse();
  return (
    <Page title={title}>
      <p>
        <Link to={`/employees/${encodeURIComponent(report.data.employeeId)}`}>{report.data.employeeId}</Link>, {report.data.reportDate.toLocaleString()} ·{' '}
        <span className={`risk ${report.data.riskLevel}`}>{report.data.riskLevel} risk</span> (score {body.risk_assessment.score}) {body.escalate_to_hr && <strong>· escalate to HR</strong>}
        {report.data.source === 'fallback' && <span className="muted"> · written without the model</span>}
      </p>
      <h2>Summary</h2>
      <p>{body.employee_summary}</p>
      <div className="grid">
        <section aria-labelledby="insights">
          <h2 id="insights">Key insights</h2>
          <ul>{body.key_insights.map((i) => <li key={i}>{i}</li>)}</ul>
        </section>
        <section aria-labelledby="risk">
          <h2 id="risk">Risk</h2>
          <p>Concerns: {body.risk_assessment.concerns.join('; ') || 'none'}</p>
          <p>Indicators: {body.risk_assessment.indicators.join('; ') || 'none'}</p>
        </section>
      </div>
      <h2>Recommended actions</h2>
      <ol>{body.recommended_actions.map((a) => <li key={a}>{a}</li>)}</ol>
      <h2>In their own words</h2>
      {own.length === 0 ? (
        <p className="muted">{words.isPending ? 'Loading…' : 'No messages found for this session.'}</p>
      ) : (
        own.map((m) => <blockquote key={m.id}>{m.text}</blockquote>)
      )}
    </Page>
  );
}

export function DailyReport() {
  const trpc = useTRPC();
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const dateId = useId();
  const daily = useQuery(trpc.reports.daily.queryOptions({ date }));
  const report = daily.data?.report;
  return (
    <Page title="People-Experience report">
      <div className="toolbar">
        <label htmlFor={dateId}>Day</label>
        <input id={dateId} type="date" value={date} required onChange={(e) => e.target.value && setDate(e.target.value)} />
      </div>
      {daily.isPending ? (
        <Loading />
      ) : daily.error ? (
        <ErrorNote error={errorMessage(daily.error)} />
      ) : (
        report && (
          <>
            <dl className="stats">
              <div><dt>Contacted</dt><dd>{report.contactedCount}</dd></div>
              <div><dt>Answered</dt><dd>{report.answeredCount}</dd></div>
              <div><dt>Chat sessions</dt><dd>{report.sessions}</dd></div>
              <div><dt>High or critical risk</dt><dd>{report.riskLevels.high + report.riskLevels.critical}</dd></div>
              <div><dt>Escalations</dt><dd>{report.escalations.length}</dd></div>
            </dl>
            {report.vibeTrend.length > 0 && (
              <LineFigure
                title="Company vibe by month (mean, 1–5)"
                xKey="month"
                domain={[1, 5]}
                rows={report.vibeTrend.map((m) => ({ month: m.month, vibe: m.meanVibe === null ? null : Number(m.meanVibe.toFixed(2)) }))}
                series={[{ key: 'vibe', name: 'Mean vibe', color: '#b6473b' }]}
              />
            )}
            <h2>Top themes</h2>
            {report.topThemes.length === 0 ? <p className="muted">None.</p> : <ul>{report.topThemes.map((t) => <li key={t.theme}>{t.theme} ({t.count})</li>)}</ul>}
            <h2>Contacted</h2>
            {report.contacted.length === 0 ? (
              <p className="muted">Nobody.</p>
            ) : (
              <ul>
                {report.contacted.map((c) => (
                  <li key={c.employeeId}>
                    <Link to={`/employees/${encodeURIComponent(c.employeeId)}`}>{c.employeeId}</Link> ({c.username}, {c.status}): {c.reasons.join('; ')}
                  </li>
                ))}
              </ul>
            )}
            <h2>Escalations</h2>
            {report.escalations.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul>
                {report.escalations.map((e) => (
                  <li key={`${e.userId}:${e.at.toISOString()}`}>
                    {e.at.toLocaleString()}: {e.employeeId ?? `user ${e.userId}`} — {e.concern}
                  </li>
                ))}
              </ul>
            )}
          </>
        )
      )}
    </Page>
  );
}
