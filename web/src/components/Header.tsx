import type { ReactNode } from 'react';
import { useSession } from '../session';

export function Header({ children }: { children?: ReactNode }) {
  const { user, signOut } = useSession();
  return (
    <header className="top">
      <span className="brand">HR assistant</span>
      {children}
      <span className="who">
        Signed in as <strong>{user?.username}</strong>
      </span>
      <button type="button" className="secondary" onClick={() => void signOut()}>
        Sign out
      </button>
    </header>
  );
}

