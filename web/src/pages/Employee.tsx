import { useQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '@hr-assistant/client';
import { Link, useParams } from 'react-router';
import { LineFigure, BarFigure } from '../components/Charts';
import { ErrorNote, Loading, Page } from '../components/Page';
import { errorCode, errorMessage, useTRPC } from '../trpc';
import { InviteButton } from './Invite';

type Month = { month: string } & Record<string, number>;
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? Number((a / b).toFixed(2)) : null);

function signalRows(months: Month[]) {
  return months.map((m) => ({
    month: m.month,
    vibe: ratio(m.vibe_score, m.vibe_responses),
    hours: ratio(m.work_hours, m.activity_days),
    leave: m.leave_days ?? 0,
    points: m.reward_points ?? 0,
    awards: m.awards ?? 0,
  }));
}

const STATUS_WORDS: Record<RouterOutputs['checkins']['history'][number]['status'], string> = {
  pending: 'Waiting for them to open the chat',
  delivered: 'Delivered, not answered yet',
  answered: 'Answered',
};

/** Which account, if any, is linked to this employee ID (an invite, once used, links one); the invite only while none is. */
function AccountLine({ employeeId }: { employeeId: string }) {
  const trpc = useTRPC();
  const account = useQuery(trpc.users.byEmployeeId.queryOptions({ employeeId }));
  if (account.isPending) return <Loading />;
  if (account.error) return <ErrorNote error={errorMessage(account.error)} />;
  if (account.data) return <p className="account">Account: Linked to {account.data.username}</p>;
  return (
    <>
      <p className="account">Account: No account linked yet</p>
      <InviteButton employeeId={employeeId} />
    </>
  );
}

function CheckinHistory({ employeeId }: { employeeId: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.checkins.history.queryOptions({ employeeId }));
  return (
    <section aria-labelledby="checkins">
      <h2 id="checkins">Check-ins</h2>
      {history.isPending ? (
        <Loading />
      ) : history.error ? (
        <ErrorNote error={errorMessage(history.error)} />
      ) : history.data.length === 0 ? (
        <p className="muted">No check-ins yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Status</th>
                <th scope="col">Reasons</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((c) => (
                <tr key={c.checkinId}>
                  <td>{c.day}</td>
                  <td>{STATUS_WORDS[c.status]}</td>
                  <td>{c.reasons.map((r) => r.words).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function Employee() {
  const { employeeId = '' } = useParams();
  const trpc = useTRPC();
  const employee = useQuery(trpc.hrdata.employee.queryOptions({ employeeId }));
  const reports = useQuery(trpc.reports.list.queryOptions({ employeeId, limit: 20 }));
  const title = `Employee ${employeeId}`;

  if (employee.isPending) return <Page title={title}><Loading /></Page>;
  if (employee.error) {
    return (
      <Page title={title}>
        <ErrorNote error={errorCode(employee.error) === 'NOT_FOUND' ? `There is no HR data for ${employeeId}.` : errorMessage(employee.error)} />
        <InviteButton employeeId={employeeId} />
      </Page>
    );
  }
  const data = employee.data;
  const rows = signalRows(data.recentSignals as Month[]);
  const performance = data.row['Performance_Rating'];

  return (
    <Page title={title}>
      <div className="toolbar">
        <AccountLine employeeId={employeeId} />
      </div>
      <dl className="stats">
        <div>
          <dt>Status</dt>
          <dd>{data.flagged ? 'Flagged' : 'Not flagged'}</dd>
        </div>
        <div>
          <dt>Anomaly score</dt>
          <dd>{data.score?.toFixed(3) ?? '—'}</dd>
        </div>
        <div>
          <dt>Performance rating</dt>
          <dd>{performance ?? '—'}</dd>
        </div>
      </dl>
      <div className="grid">
        <section aria-labelledby="concerns">
          <h2 id="concerns">Concerns</h2>
          {data.concerns.length === 0 ? <p className="muted">None.</p> : <ul>{data.concerns.map((c) => <li key={c}>{c}</li>)}</ul>}
        </section>
        <section aria-labelledby="problems">
          <h2 id="problems">Problems (strongest first)</h2>
          {data.problems.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Signal</th>
                    <th scope="col">Weight</th>
                  </tr>
                </thead>
                <tbody>
                  {[...data.problems, ...data.otherProblems].map(([name, weight]) => (
                    <tr key={name}>
                      <td>{name}</td>
                      <td>{weight.toFixed(3)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      <h2>Monthly signals</h2>
      {rows.length === 0 ? (
        <p className="muted">No monthly signals.</p>
      ) : (
        <div className="grid charts">
          <LineFigure title="Vibe (mean, 1–5)" xKey="month" rows={rows} domain={[1, 5]} series={[{ key: 'vibe', name: 'Vibe', color: '#b6473b' }]} />
          <LineFigure title="Work hours a day" xKey="month" rows={rows} series={[{ key: 'hours', name: 'Hours a day', color: '#3b6fb6' }]} />
          <BarFigure title="Leave days" xKey="month" rows={rows} series={[{ key: 'leave', name: 'Leave days', color: '#5a8f3b' }]} />
          <BarFigure title="Rewards" xKey="month" rows={rows} series={[{ key: 'points', name: 'Reward points', color: '#8a5ab6' }, { key: 'awards', name: 'Awards', color: '#d08a1f' }]} />
        </div>
      )}
      <CheckinHistory employeeId={employeeId} />
      <h2>Reports</h2>
      {reports.isPending ? (
        <Loading />
      ) : reports.error ? (
        <ErrorNote error={errorMessage(reports.error)} />
      ) : reports.data.items.length === 0 ? (
        <p className="muted">No chat reports yet.</p>
      ) : (
        <ul>
          {reports.data.items.map((r) => (
            <li key={r.id}>
              <Link to={`/reports/${r.id}`}>
                {r.reportDate.toLocaleString()}: {r.riskLevel} risk
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
