import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@hr-assistant/client';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorNote, Loading, Page } from '../components/Page';
import { errorMessage, useTRPC } from '../trpc';

type Bank = RouterOutputs['checkins']['questionBank']['content'];
type Topic = keyof Bank;

export function Checkins() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const today = useQuery(trpc.reports.daily.queryOptions({}));
  const run = useMutation(trpc.checkins.runDaily.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reports.daily.pathKey() }) }));

  return (
    <Page title="Check-ins">
      <h2>Today’s selection</h2>
      <div className="toolbar">
        <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>
          Run today's selection
        </button>
        {run.data && (
          <span role="status">{run.data.length === 0 ? 'Nobody new was selected.' : `${run.data.length} newly selected.`}</span>
        )}
      </div>
      <ErrorNote error={run.error ? errorMessage(run.error) : null} />
      {run.data && run.data.length > 0 && (
        <ul>
          {run.data.map((c) => (
            <li key={c.checkinId}>
              <Link to={`/employees/${encodeURIComponent(c.employeeId)}`}>{c.employeeId}</Link> ({c.username}): {c.reasons.map((r) => r.words).join('; ')}
              <br />
              <span className="muted">Opener: “{c.opener}”</span>
            </li>
          ))}
        </ul>
      )}
      {today.isPending ? (
        <Loading />
      ) : today.error ? (
        <ErrorNote error={errorMessage(today.error)} />
      ) : today.data.report.contacted.length === 0 ? (
        <p className="muted">Nobody is selected today (only employees with an account linked to their employee ID can be).</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>Selected today</caption>
            <thead>
              <tr>
                <th scope="col">Employee</th>
                <th scope="col">Account</th>
                <th scope="col">Status</th>
                <th scope="col">Reasons</th>
              </tr>
            </thead>
            <tbody>
              {today.data.report.contacted.map((c) => (
                <tr key={c.employeeId}>
                  <td>
                    <Link to={`/employees/${encodeURIComponent(c.employeeId)}`}>{c.employeeId}</Link>
                  </td>
                  <td>{c.username}</td>
                  <td>{c.status}</td>
                  <td>{c.reasons.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <QuestionBank />
    </Page>
  );
}

function QuestionBank() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bank = useQuery(trpc.checkins.questionBank.queryOptions());
  const [draft, setDraft] = useState<Bank | null>(null);
  const save = useMutation(
    trpc.checkins.updateQuestionBank.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.checkins.questionBank.queryKey() }) }),
  );
  useEffect(() => {
    if (bank.data) setDraft(bank.data.content);
  }, [bank.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft) save.mutate({ content: draft });
  };
  return (
    <section aria-labelledby="bank">
      <h2 id="bank">Question bank</h2>
      {bank.isPending ? (
        <Loading />
      ) : bank.error ? (
        <ErrorNote error={errorMessage(bank.error)} />
      ) : (
        draft && (
          <form onSubmit={submit}>
            <p className="muted">
              Version {bank.data.version}
              {bank.data.updatedAt ? `, saved ${bank.data.updatedAt.toLocaleString()}` : ' (built in)'}. The assistant opens a check-in with the topic’s opener and may ask its follow-ups (one a line, 1–10).
            </p>
            {(Object.keys(draft) as Topic[]).map((topic) => (
              <TopicEditor key={topic} topic={topic} value={draft[topic]} onChange={(value) => setDraft({ ...draft, [topic]: value })} />
            ))}
            <ErrorNote error={save.error ? errorMessage(save.error) : null} />
            {save.data && <p role="status">Saved as version {save.data.version}.</p>}
            <button type="submit" disabled={save.isPending}>
              Save question bank
            </button>
          </form>
        )
      )}
    </section>
  );
}

function TopicEditor({ topic, value, onChange }: { topic: Topic; value: Bank[Topic]; onChange(value: Bank[Topic]): void }) {
  const ids = { opener: useId(), followUps: useId() };
  const label = topic.replace('_', ' ');
  return (
    <fieldset>
      <legend>{label}</legend>
      <label htmlFor={ids.opener}>Opener ({label})</label>
      <textarea id={ids.opener} rows={2} value={value.opener} onChange={(e) => onChange({ ...value, opener: e.target.value })} />
      <label htmlFor={ids.followUps}>Follow-ups ({label}), one a line</label>
      <textarea
        id={ids.followUps}
        rows={3}
        value={value.followUps.join('\n')}
        onChange={(e) => onChange({ ...value, followUps: e.target.value.split('\n') })}
        onBlur={() => onChange({ ...value, followUps: value.followUps.map((f) => f.trim()).filter(Boolean) })}
      />
    </fieldset>
  );
}
