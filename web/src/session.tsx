import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { User } from '@hr-assistant/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { clientFor, errorCode, TRPCProvider, type AppClient } from './trpc';

/**
 * The session token lives in localStorage: it survives a reload and is shared by the tabs
 * of this origin (an employee page opened in a new tab stays signed in, and signing out
 * in one tab signs out all). The server slides and revokes it; the page keeps nothing else.
 */
const TOKEN_KEY = 'hr-assistant.token';

interface SessionState {
  token: string | null;
  client: AppClient;
  user: User | null;
  /** Why the user is on the sign-in page (expired session, signed out elsewhere). */
  notice: string | null;
}

interface SessionApi extends SessionState {
  signIn(token: string, user: User): void;
  signOut(notice?: string | null): Promise<void>;
  expire(): void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

const EXPIRED = 'Your session has expired or was ended. Please sign in again.';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() => {
    const token = localStorage.getItem(TOKEN_KEY);
    return { token, client: clientFor(token), user: null, notice: null };
  });
  const current = useRef(state);
  current.current = state;

  const replace = useCallback((token: string | null, user: User | null, notice: string | null) => {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
    current.current.client.close();
    setState({ token, client: clientFor(token), user, notice });
  }, []);

  const expire = useCallback(() => {
    if (current.current.token) replace(null, null, EXPIRED);
  }, [replace]);

  const queryClient = useMemo(() => {
    const onError = (error: unknown) => {
      if (errorCode(error) === 'UNAUTHORIZED') expire();
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: {
        queries: {
          refetchOnWindowFocus: false,
          retry: (count, error) => count < 3 && !errorCode(error),
          retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 10_000),
        },
      },
    });
  }, [expire]);

  // A stored token is checked once at start: a still valid one gives the user, else Sign in.
  useEffect(() => {
    if (!state.token || state.user) return;
    let live = true;
    state.client.trpc.auth.me.query().then(
      (user) => live && setState((s) => (s.token === state.token ? { ...s, user } : s)),
      (error) => live && (errorCode(error) === 'UNAUTHORIZED' ? expire() : setState((s) => ({ ...s, notice: 'Cannot reach the server to sign you in.' }))),
    );
    return () => {
      live = false;
    };
  }, [state.token, state.user, state.client, expire]);

  // Signed out (or in as someone else) in another tab.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === TOKEN_KEY && event.newValue !== current.current.token) replace(event.newValue, null, null);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [replace]);

  const api = useMemo<SessionApi>(
    () => ({
      ...state,
      signIn: (token, user) => {
        queryClient.clear();
        replace(token, user, null);
      },
      signOut: async (notice = null) => {
        // Unreachable or already expired: the page forgets the token all the same.
        await state.client.trpc.auth.logout.mutate().catch(() => undefined);
        queryClient.clear();
        replace(null, null, notice);
      },
      expire,
    }),
    [state, replace, expire, queryClient],
  );

  return (
    <SessionContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={state.client.trpc} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </SessionContext.Provider>
  );
}
