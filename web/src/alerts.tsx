import type { RouterOutputs } from '@hr-assistant/client';
import { useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import { useSession } from './session';
import { errorCode, useTRPC } from './trpc';

type Tracked = RouterOutputs['hr']['alerts'] extends AsyncIterable<infer T, any, any> ? T : never;
export type Alert = Tracked['data'] & { id: string };

interface AlertsApi {
  alerts: Alert[];
  unseen: number;
  markSeen(): void;
  /** The live connection: `connecting` again after it was up means the server went away. */
  status: 'idle' | 'connecting' | 'pending' | 'error';
}

const AlertsContext = createContext<AlertsApi | null>(null);
const KEEP = 100;

export function useAlerts(): AlertsApi {
  const alerts = useContext(AlertsContext);
  if (!alerts) throw new Error('useAlerts outside AlertsProvider');
  return alerts;
}

export function describeAlert(alert: Alert): { title: string; detail: string } {
  if (alert.type === 'escalation') {
    return { title: `Crisis sign from ${alert.username}${alert.employeeId ? ` (${alert.employeeId})` : ''}`, detail: `${alert.concern}: “${alert.evidence}”` };
  }
  return { title: `${alert.riskLevel} risk report for ${alert.employeeId}${alert.escalate ? ', escalate to HR' : ''}`, detail: alert.summary };
}

/** One alert, however it arrived (live, replayed or read back from `hr.recentAlerts`). */
const alertKey = (alert: Tracked['data']) => (alert.type === 'escalation' ? `escalation:${alert.escalationId}` : `report:${alert.reportId}`);
const STORED = 'stored:';
const newestFirst = (a: Alert, b: Alert) => b.at.getTime() - a.at.getTime();

function load(key: string): Alert[] {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? '[]') as Alert[]).map((a) => ({ ...a, at: new Date(a.at) }));
  } catch {
    return [];
  }
}

/**
 * `hr.alerts`, live for as long as an HR page is open, after `hr.recentAlerts` (the last week's,
 * told while no HR page listened, on any browser). The last event id and the latest alerts are
 * kept per user in localStorage, so a reload resumes where the page left off (the server
 * replays what came in meanwhile) without losing the list.
 */
export function AlertsProvider({ userId, children }: { userId: number; children: ReactNode }) {
  const trpc = useTRPC();
  const { expire } = useSession();
  const key = `hr-assistant.alerts.${userId}`;
  const [alerts, setAlerts] = useState<Alert[]>(() => load(key));
  const [unseen, setUnseen] = useState(0);
  const [input] = useState(() => ({ lastEventId: alerts.find((a) => !a.id.startsWith(STORED))?.id ?? null }));
  const known = useRef<Set<string> | null>(null);
  known.current ??= new Set(alerts.map(alertKey));
  /** Adds the alerts not known yet; returns how many were new. */
  const keep = useCallback(
    (added: Alert[]) => {
      const seen = known.current!;
      const unknown = added.filter((a) => !seen.has(alertKey(a)));
      if (unknown.length === 0) return 0;
      for (const alert of unknown) seen.add(alertKey(alert));
      setAlerts((previous) => {
        const next = [...unknown, ...previous].sort(newestFirst).slice(0, KEEP);
        localStorage.setItem(key, JSON.stringify(next));
        return next;
      });
      return unknown.length;
    },
    [key],
  );

  const recent = useQuery(trpc.hr.recentAlerts.queryOptions({}));
  useEffect(() => {
    if (!recent.data) return;
    const fresh = keep(recent.data.map((data) => ({ ...data, id: `${STORED}${alertKey(data)}` })));
    if (fresh > 0) setUnseen((n) => n + fresh);
  }, [recent.data, keep]);

  const subscription = useSubscription(
    trpc.hr.alerts.subscriptionOptions(input, {
      onData: ({ id, data }) => {
        const alert: Alert = { ...data, id };
        if (keep([alert]) === 0) return; // known already, read back from the stored alerts
        setUnseen((n) => n + 1);
        const { title, detail } = describeAlert(alert);
        toast.warning(title, { description: detail, duration: 10_000 });
      },
      onError: (error) => errorCode(error) === 'UNAUTHORIZED' && expire(),
    }),
  );

  const markSeen = useCallback(() => setUnseen(0), []);
  const api = useMemo(() => ({ alerts, unseen, markSeen, status: subscription.status }), [alerts, unseen, markSeen, subscription.status]);
  return <AlertsContext.Provider value={api}>{children}</AlertsContext.Provider>;
}
