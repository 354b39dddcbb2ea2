import { useEffect } from 'react';
import { Link } from 'react-router';
import { describeAlert, useAlerts } from '../alerts';
import { Page } from '../components/Page';

export function AlertsPage() {
  const { alerts, markSeen, unseen } = useAlerts();
  useEffect(() => {
    if (unseen > 0) markSeen();
  }, [unseen, markSeen]);
  return (
    <Page title="Alerts">
      <p className="muted">Reports at high or critical risk, reports marked for escalation, and crisis signs during chats: those of the last seven days, and new ones as they arrive.</p>
      {alerts.length === 0 ? (
        <p>No alerts yet.</p>
      ) : (
        <ol className="alerts" aria-live="polite">
          {alerts.map((alert) => {
            const { title, detail } = describeAlert(alert);
            return (
              <li key={alert.id} className={alert.type}>
                <strong>{title}</strong> <span className="muted">{alert.at.toLocaleString()}</span>
                <p>{detail}</p>
                {alert.type === 'report' ? (
                  <Link to={`/reports/${alert.reportId}`}>Open the report</Link>
                ) : (
                  alert.employeeId && <Link to={`/employees/${encodeURIComponent(alert.employeeId)}`}>Open {alert.employeeId}</Link>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Page>
  );
}
