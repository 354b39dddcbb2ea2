import type { RouterOutputs } from '@hr-assistant/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { ImportHistory } from '../components/ImportHistory';
import { ErrorNote, Loading, Page } from '../components/Page';
import { UploadChanges } from '../components/UploadChanges';
import { errorMessage, importErrorsOf, useTRPC } from '../trpc';

type Kind = RouterOutputs['hrdata']['status']['kinds'][number]['kind'];
type Mode = 'replace' | 'append';

/** `activity_tracker_dataset.csv` → `activity_tracker`: the original's file names say their kind. */
function kindOf(kinds: Kind[], fileName: string): Kind | undefined {
  const name = fileName.toLowerCase();
  return kinds.find((kind) => name.startsWith(kind));
}

const sizeOf = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`);

export function Upload() {
  const trpc = useTRPC();
  const [files, setFiles] = useState<Partial<Record<Kind, File>>>({});
  const [unknown, setUnknown] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [mode, setMode] = useState<Mode>('replace');
  const inputId = useId();
  const queryClient = useQueryClient();
  // Every figure may change with the data: summary, flagged, employees, status, imports.
  const upload = useMutation(trpc.hrdata.upload.mutationOptions({ onSettled: () => queryClient.invalidateQueries() }));
  // A dry run: what the upload would change, nothing changed.
  const preview = useMutation(trpc.hrdata.upload.mutationOptions());
  const status = useQuery({ ...trpc.hrdata.status.queryOptions(), refetchInterval: upload.isPending ? 250 : false });
  // The kinds the server takes, as it lists them.
  const kinds = status.data?.kinds.map((k) => k.kind) ?? [];

  const add = (list: FileList | null) => {
    if (!list) return;
    const next = { ...files };
    const skipped: string[] = [];
    for (const file of Array.from(list)) {
      const kind = kindOf(kinds, file.name);
      if (kind) next[kind] = file;
      else skipped.push(file.name);
    }
    setFiles(next);
    setUnknown(skipped);
    upload.reset();
    preview.reset();
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };
  const formOf = (dryRun: boolean) => {
    const form = new FormData();
    form.append('mode', mode);
    form.append('dryRun', String(dryRun));
    for (const kind of kinds) if (files[kind]) form.append(kind, files[kind]);
    return form;
  };
  const send = () => upload.mutate(formOf(false));
  const choose = (next: Mode) => {
    setMode(next);
    preview.reset();
    upload.reset();
  };

  const running = status.data?.running ?? [];
  const percent = running.length > 0 ? Math.round(running.reduce((n, r) => n + r.progressPercent, 0) / running.length) : null;
  const failed = upload.error ?? preview.error;
  const refused = failed ? importErrorsOf(failed) : [];
  const busy = upload.isPending || preview.isPending;
  const chosen = kinds.filter((k) => files[k]);

  if (status.isPending) return <Page title="Upload"><Loading /></Page>;
  if (status.error) return <Page title="Upload"><ErrorNote error={errorMessage(status.error)} /></Page>;
  return (
    <Page title="Upload">
      <p>
        Choose or drop the HR data files: any of the CSV files {kinds.map((k) => `${k}_dataset.csv`).join(', ')}, named as in the original system. They are imported all together, or not at all.
      </p>
      <div className={`dropzone${dragging ? ' over' : ''}`} onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
        <label htmlFor={inputId}>CSV files</label>
        <input id={inputId} type="file" accept=".csv,text/csv" multiple onChange={(e) => add(e.target.files)} />
        <p className="muted">…or drop them here.</p>
      </div>
      {unknown.length > 0 && <ErrorNote error={`Not one of the kinds above (name each file after its kind): ${unknown.join(', ')}`} />}
      <div className="table-scroll">
        <table>
          <caption>Files to upload</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">File</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((kind) => (
              <tr key={kind}>
                <td>{kind}</td>
                <td>{files[kind]?.name ?? <span className="muted">none</span>}</td>
                <td>{files[kind] ? sizeOf(files[kind].size) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset>
        <legend>Mode</legend>
        <label>
          <input type="radio" name="mode" value="replace" checked={mode === 'replace'} onChange={() => choose('replace')} /> Replace that kind's data with the file
        </label>
        <label>
          <input type="radio" name="mode" value="append" checked={mode === 'append'} onChange={() => choose('append')} /> Add the file's rows to it (a row for the same employee and date is updated)
        </label>
      </fieldset>
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => preview.mutate(formOf(true))} disabled={chosen.length === 0 || busy}>
          {preview.isPending ? 'Checking…' : 'Preview changes'}
        </button>
        <button type="button" onClick={send} disabled={chosen.length === 0 || busy}>
          Upload {chosen.length} file{chosen.length === 1 ? '' : 's'}
        </button>
        {chosen.length > 0 && !busy && (
          <button type="button" className="secondary" onClick={() => { setFiles({}); upload.reset(); preview.reset(); }}>
            Clear
          </button>
        )}
      </div>
      {preview.data?.changes && !upload.data && (
        <section aria-labelledby="upload-preview">
          <h2 id="upload-preview">Preview: nothing is changed yet</h2>
          <UploadChanges changes={preview.data.changes} caption={`What uploading in ${mode} mode would change`} />
        </section>
      )}
      {upload.isPending && (
        <div className="progress">
          <label htmlFor="import-progress">{percent === null ? 'Uploading…' : `Importing: ${percent}%`}</label>
          <progress id="import-progress" max={100} value={percent ?? undefined} />
        </div>
      )}
      {upload.data && (
        <section aria-labelledby="upload-result" role="status">
          <h2 id="upload-result">Imported</h2>
          {/* Null only for a dry run, which is answered above as a preview. */}
          {upload.data.employees !== null && upload.data.flaggedCount !== null && (
            <p>
              {upload.data.employees.toLocaleString()} employees analysed, <Link to="/flagged">{upload.data.flaggedCount.toLocaleString()} flagged</Link>.
            </p>
          )}
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">File</th>
                  <th scope="col">Rows</th>
                  <th scope="col">Employees</th>
                </tr>
              </thead>
              <tbody>
                {upload.data.files.map((f) => (
                  <tr key={f.kind}>
                    <td>{f.kind}</td>
                    <td>{f.fileName}</td>
                    <td>{f.rows.toLocaleString()}</td>
                    <td>{f.employees.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {upload.data.changes && <UploadChanges changes={upload.data.changes} caption="What the upload changed" />}
        </section>
      )}
      {failed && (
        <section aria-labelledby="upload-refused">
          <h2 id="upload-refused">Refused</h2>
          <ErrorNote error={refused.length > 0 ? 'Nothing was imported: fix these rows and upload again.' : errorMessage(failed)} />
          {refused.map((file) => (
            <div key={file.kind}>
              <h3>
                {file.kind}: {file.fileName}
              </h3>
              <p>{file.message}</p>
              {file.rowErrors.length > 0 && (
                <div className="table-scroll">
                  <table>
                    <caption>Row errors in {file.fileName}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Row</th>
                        <th scope="col">Column</th>
                        <th scope="col">Reason</th>
                      </tr>
                    </thead>
                    <tbody>
                      {file.rowErrors.map((e) => (
                        <tr key={`${e.row}:${e.column}`}>
                          <td>{e.row}</td>
                          <td>{e.column}</td>
                          <td>{e.reason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {file.rowErrorCount > file.rowErrors.length && <p className="muted">…and {file.rowErrorCount - file.rowErrors.length} more.</p>}
            </div>
          ))}
        </section>
      )}
      <h2>Uploads</h2>
      <ImportHistory onUndone={() => { upload.reset(); preview.reset(); }} />
      <h2>Each kind's last import</h2>
      {status.data && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Rows</th>
                <th scope="col">Finished</th>
              </tr>
            </thead>
            <tbody>
              {status.data.kinds.map(({ kind, last }) => (
                <tr key={kind}>
                  <td>{kind}</td>
                  <td>{last?.fileName ?? '—'}</td>
                  <td>{last ? `${last.status}${last.undone ? ', then undone' : ''}` : 'never imported'}</td>
                  <td>{last?.rows?.toLocaleString() ?? '—'}</td>
                  <td>{last?.finishedAt?.toLocaleString() ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
