import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { ErrorNote } from '../components/Page';
import { APP_BASE, errorMessage, useTRPC } from '../trpc';

/** Makes a one-time invite link that registers an account linked to this employee ID. */
export function InviteButton({ employeeId }: { employeeId: string }) {
  const trpc = useTRPC();
  const invite = useMutation(trpc.auth.createInvite.mutationOptions());
  const linkId = useId();
  const link = invite.data ? `${window.location.origin}${APP_BASE}?invite=${encodeURIComponent(invite.data.code)}` : null;
  return (
    <div className="invite">
      <button type="button" onClick={() => invite.mutate({ employeeId })} disabled={invite.isPending}>
        Invite
      </button>
      {link && invite.data && (
        <div role="status">
          <label htmlFor={linkId}>Invite link for {employeeId} (valid until {invite.data.expiresAt.toLocaleString()})</label>
          <input id={linkId} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(link)}>
            Copy
          </button>
        </div>
      )}
      <ErrorNote error={invite.error ? errorMessage(invite.error) : null} />
    </div>
  );
}
