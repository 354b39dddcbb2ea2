import { createHrClient, type AppRouter } from '@hr-assistant/client';
import { TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Where the app lives: `/`, or what the server's `<base href>` says (e.g. `/app/`). */
export const APP_BASE = document.querySelector('base')?.getAttribute('href') ?? '/';

/** The SDK's client for this origin, signed in as `token` (or anonymous). */
export function clientFor(token: string | null) {
  return createHrClient({ url: window.location.origin, token });
}

export type AppClient = ReturnType<typeof clientFor>;

export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

/** A message for the page: the server's own words, or what a lost connection means. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError && error.data) return error.message;
  if (error instanceof Error && /fetch|network|load failed/i.test(error.message)) {
    return 'Cannot reach the server. Check the connection; it will be retried.';
  }
  return error instanceof Error ? error.message : String(error);
}

export type ImportError = { kind: string; fileName: string; message: string; rowErrors: { row: number; column: string; reason: string }[]; rowErrorCount: number };

/** `hrdata.upload`'s refusal: each bad file with its row errors (see the server's error formatter). */
export function importErrorsOf(error: unknown): ImportError[] {
  if (!(error instanceof TRPCClientError)) return [];
  return ((error.data as { importErrors?: ImportError[] | null } | undefined)?.importErrors ?? []) as ImportError[];
}
