import type { RouterOutputs } from '@hr-assistant/client';

type Changes = NonNullable<RouterOutputs['hrdata']['upload']['changes']>;

const count = (n: number) => n.toLocaleString();

/** What an upload changes (or, previewed, would change) in each kind: rows and employees. */
export function UploadChanges({ changes, caption }: { changes: Changes; caption: string }) {
  const kinds = Object.entries(changes);
  const removed = kinds.filter(([, c]) => c.rowsRemoved > 0 || c.employeesLost > 0);
  return (
    <>
      {removed.length > 0 && (
        <p className="notice" role="note">
          {removed.map(([kind, c]) => `${kind}: ${count(c.rowsRemoved)} rows now stored would go${c.employeesLost > 0 ? `, and ${count(c.employeesLost)} employees would have no ${kind} data` : ''}`).join('. ')}.
        </p>
      )}
      <div className="table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Rows added</th>
              <th scope="col">Rows updated</th>
              <th scope="col">Rows removed</th>
              <th scope="col">Employees gained</th>
              <th scope="col">Employees lost</th>
            </tr>
          </thead>
          <tbody>
            {kinds.map(([kind, c]) => (
              <tr key={kind}>
                <td>{kind}</td>
                <td>{count(c.rowsAdded)}</td>
                <td>{count(c.rowsUpdated)}</td>
                <td className={c.rowsRemoved > 0 ? 'error' : undefined}>{count(c.rowsRemoved)}</td>
                <td>{count(c.employeesGained)}</td>
                <td className={c.employeesLost > 0 ? 'error' : undefined}>{count(c.employeesLost)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
