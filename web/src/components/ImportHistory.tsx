import type { RouterOutputs } from '@hr-assistant/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '../trpc';
import { ErrorNote, Loading } from './Page';

type Upload = RouterOutputs['hrdata']['imports'][number];

const STATUS: Record<Upload['status'], string> = { running: 'running', applied: 'applied', failed: 'failed', rolled_back: 'undone' };

function describeStatus(upload: Upload): string {
  if (upload.status !== 'rolled_back') return STATUS[upload.status] ?? upload.status;
  const by = upload.rolledBackByName ? ` by ${upload.rolledBackByName}` : '';
  return `undone${by}${upload.rolledBackAt ? ` on ${upload.rolledBackAt.toLocaleString()}` : ''}`;
}

/**
 * Every upload, newest first, each applied one with an Undo: the data goes back to how it was
 * before that upload (and any applied after it, which the confirmation names) and is analysed again.
 */
export function ImportHistory({ onUndone }: { onUndone?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const imports = useQuery(trpc.hrdata.imports.queryOptions());
  const [confirming, setConfirming] = useState<number | null>(null);
  // Every figure may change with the data.
  const rollback = useMutation(trpc.hrdata.rollback.mutationOptions({ onSuccess: () => onUndone?.(), onSettled: () => queryClient.invalidateQueries() }));

  if (imports.isPending) return <Loading what="Loading the imports…" />;
  if (imports.error) return <ErrorNote error={errorMessage(imports.error)} />;
  if (imports.data.length === 0) return <p className="muted">No uploads yet.</p>;
  const laterApplied = (upload: Upload) => imports.data.filter((u) => u.importId > upload.importId && u.status === 'applied');

  return (
    <>
      {rollback.data && (
        <p role="status">
          Undone: upload{rollback.data.rolledBack.length > 1 ? 's' : ''} {rollback.data.rolledBack.map((id) => `#${id}`).join(', ')} ({rollback.data.kinds.join(', ') || 'no data'}).{' '}
          {rollback.data.employees.toLocaleString()} employees analysed again, {rollback.data.flaggedCount.toLocaleString()} flagged.
        </p>
      )}
      {rollback.error && <ErrorNote error={errorMessage(rollback.error)} />}
      <div className="table-scroll">
        <table>
          <caption>Uploads, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Upload</th>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">Mode</th>
              <th scope="col">Files</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {imports.data.map((upload) => (
              <tr key={upload.importId}>
                <td>#{upload.importId}</td>
                <td>{upload.startedAt.toLocaleString()}</td>
                <td>{upload.uploadedByName ?? (upload.uploadedBy === null ? '—' : `account ${upload.uploadedBy}`)}</td>
                <td>{upload.mode}</td>
                <td>
                  {upload.files.map((file) => (
                    <div key={file.kind}>
                      {file.kind}: {file.fileName}
                      {file.rows !== null && <span className="muted"> ({file.rows.toLocaleString()} rows)</span>}
                    </div>
                  ))}
                </td>
                <td>{describeStatus(upload)}</td>
                <td>
                  {upload.status === 'applied' && confirming !== upload.importId && (
                    <button type="button" className="secondary" onClick={() => { setConfirming(upload.importId); rollback.reset(); }} disabled={rollback.isPending}>
                      Undo #{upload.importId}…
                    </button>
                  )}
                  {upload.status === 'applied' && confirming === upload.importId && (
                    <div role="group" aria-label={`Undo upload #${upload.importId}`} className="toolbar">
                      <span>
                        Restore the data as it was before #{upload.importId}
                        {laterApplied(upload).length > 0 && `, undoing ${laterApplied(upload).map((u) => `#${u.importId}`).join(', ')} too`}?
                      </span>
                      <button type="button" disabled={rollback.isPending} onClick={() => rollback.mutate({ importId: upload.importId }, { onSettled: () => setConfirming(null) })}>
                        {rollback.isPending ? 'Undoing…' : 'Undo it'}
                      </button>
                      <button type="button" className="secondary" disabled={rollback.isPending} onClick={() => setConfirming(null)}>
                        Keep it
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
