import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorNote, Loading, Page } from '../components/Page';
import { errorMessage, useTRPC } from '../trpc';

export function Employees() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [employeeId, setEmployeeId] = useState('');
  const fieldId = useId();
  const accounts = useInfiniteQuery(trpc.users.list.infiniteQueryOptions({ limit: 100 }, { getNextPageParam: (page) => page.nextCursor }));
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (employeeId.trim()) navigate(`/employees/${encodeURIComponent(employeeId.trim())}`);
  };
  const items = accounts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Page title="Employees">
      <form className="toolbar" onSubmit={open}>
        <label htmlFor={fieldId}>Employee ID</label>
        <input id={fieldId} required value={employeeId} onChange={(e) => setEmployeeId(e.target.value)} placeholder="EMP0001" />
        <button type="submit">Open</button>
      </form>
      <p className="muted">
        An employee’s page shows their monthly signals, problems, reports and an invite link. The ones to look at first are on the <Link to="/flagged">Flagged</Link> page.
      </p>
      <h2>Accounts</h2>
      {accounts.isPending ? (
        <Loading />
      ) : accounts.error ? (
        <ErrorNote error={errorMessage(accounts.error)} />
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Role</th>
                  <th scope="col">Linked employee</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map((u) => (
                  <tr key={u.id}>
                    <td>{u.username}</td>
                    <td>{u.role}</td>
                    <td>{u.employeeId ? <Link to={`/employees/${encodeURIComponent(u.employeeId)}`}>{u.employeeId}</Link> : <span className="muted">not linked</span>}</td>
                    <td>{u.createdAt.toLocaleDateString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {accounts.hasNextPage && (
            <button type="button" className="secondary" onClick={() => void accounts.fetchNextPage()} disabled={accounts.isFetchingNextPage}>
              More accounts
            </button>
          )}
        </>
      )}
    </Page>
  );
}
