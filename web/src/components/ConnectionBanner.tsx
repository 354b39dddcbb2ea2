import { useEffect, useState } from 'react';

/** Says so when a live connection that was up is lost; the client reconnects by itself. */
export function ConnectionBanner({ status }: { status: 'idle' | 'connecting' | 'pending' | 'error' }) {
  const [wasUp, setWasUp] = useState(false);
  useEffect(() => {
    if (status === 'pending') setWasUp(true);
  }, [status]);
  const lost = (wasUp && status === 'connecting') || status === 'error';
  return (
    <div role="status" aria-live="polite" className={lost ? 'banner' : 'visually-hidden'}>
      {lost ? 'The connection to the server was lost. Reconnecting…' : ''}
    </div>
  );
}
