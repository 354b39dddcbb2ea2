import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import { ErrorNote, Loading, Page } from '../components/Page';
import { errorMessage, useTRPC } from '../trpc';

type SortKey = 'rank' | 'employeeId' | 'score';
const COLUMNS: Array<{ key: SortKey | null; label: string }> = [
  { key: 'rank', label: 'Rank' },
  { key: 'employeeId', label: 'Employee' },
  { key: 'score', label: 'Score' },
  { key: null, label: 'Top reasons' },
];
const ROW_HEIGHT = 44;
/** On a phone a row is two lines: rank, ID and score, then the reasons under them (styles.css). */
const NARROW_ROW_HEIGHT = 72;
const NARROW = '(max-width: 600px)';

function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(NARROW);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(NARROW).matches,
  );
}

export function Flagged() {
  const trpc = useTRPC();
  const flagged = useQuery(trpc.hrdata.flagged.queryOptions({ limit: 10_000 }));
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'rank', descending: false });
  const searchId = useId();
  const query = useDeferredValue(search.trim().toLowerCase());

  const rows = useMemo(() => {
    const all = (flagged.data ?? []).map((f) => ({ ...f, reasons: f.concerns.length > 0 ? f.concerns.join('; ') : f.problems.map(([name]) => name).join('; ') }));
    const shown = query ? all.filter((f) => f.employeeId.toLowerCase().includes(query) || f.reasons.toLowerCase().includes(query)) : all;
    const { key, descending } = sort;
    return shown.sort((a, b) => {
      const order = key === 'employeeId' ? a.employeeId.localeCompare(b.employeeId, undefined, { numeric: true }) : a[key] - b[key];
      return descending ? -order : order;
    });
  }, [flagged.data, query, sort]);

  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = useNarrowScreen() ? NARROW_ROW_HEIGHT : ROW_HEIGHT;
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 10 });
  useEffect(() => virtual.measure(), [rowHeight, virtual]);

  const toggle = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key === 'score' }));

  return (
    <Page title="Flagged">
      {flagged.isPending ? (
        <Loading />
      ) : flagged.error ? (
        <ErrorNote error={errorMessage(flagged.error)} />
      ) : flagged.data.length === 0 ? (
        <p>Nobody is flagged. Upload the HR data first, or the detector found no one standing out.</p>
      ) : (
        <>
          <div className="toolbar">
            <label htmlFor={searchId}>Search by employee or reason</label>
            <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
            <span role="status" className="muted">
              {rows.length.toLocaleString()} of {flagged.data.length.toLocaleString()} flagged employees
            </span>
          </div>
          <div role="table" aria-label="Flagged employees" aria-rowcount={rows.length + 1} className="vtable">
            <div role="rowgroup">
              <div role="row" aria-rowindex={1} className="vrow head">
                {COLUMNS.map(({ key, label }) => (
                  <div role="columnheader" key={label} aria-sort={key && sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                    {key ? (
                      <button type="button" className="link" onClick={() => toggle(key)}>
                        {label} {sort.key === key ? (sort.descending ? '▼' : '▲') : ''}
                      </button>
                    ) : (
                      label
                    )}
                  </div>
                ))}
              </div>
            </div>
            <div role="rowgroup" ref={scroller} className="vbody" style={{ height: Math.min(virtual.getTotalSize() + 2, 640) }} tabIndex={0} aria-label="Flagged employees, scrollable">
              <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
                {virtual.getVirtualItems().map((item) => {
                  const row = rows[item.index]!;
                  return (
                    <div role="row" aria-rowindex={item.index + 2} key={row.employeeId} className="vrow" style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: rowHeight }}>
                      <div role="cell">{row.rank}</div>
                      <div role="cell">
                        <Link to={`/employees/${encodeURIComponent(row.employeeId)}`}>{row.employeeId}</Link>
                      </div>
                      <div role="cell">{row.score.toFixed(3)}</div>
                      <div role="cell" className="reasons" title={row.reasons}>
                        {row.reasons}
                      </div>
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
        </>
      )}
    </Page>
  );
}
