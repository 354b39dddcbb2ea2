import { useEffect, useRef, type ReactNode } from 'react';

/** A page's heading: sets the document title and takes the focus, so a screen reader announces the new page. */
export function Page({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · HR assistant`;
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <>
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </>
  );
}

export function ErrorNote({ error, children }: { error?: string | null; children?: ReactNode }) {
  if (!error && !children) return null;
  return (
    <p className="error" role="alert">
      {error}
      {children}
    </p>
  );
}

export function Loading({ what = 'Loading…' }: { what?: string }) {
  return (
    <p className="muted" role="status">
      {what}
    </p>
  );
}
