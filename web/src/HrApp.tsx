import { Navigate, NavLink, Route, Routes } from 'react-router';
import { Toaster } from 'sonner';
import { AlertsProvider, useAlerts } from './alerts';
import { ConnectionBanner } from './components/ConnectionBanner';
import { Header } from './components/Header';
import { Page } from './components/Page';
import { AlertsPage } from './pages/Alerts';
import { Checkins } from './pages/Checkins';
import { Employee } from './pages/Employee';
import { Employees } from './pages/Employees';
import { Flagged } from './pages/Flagged';
import { Overview } from './pages/Overview';
import { DailyReport, Report, Reports } from './pages/Reports';
import { Upload } from './pages/Upload';

export default function HrApp({ userId }: { userId: number }) {
  return (
    <AlertsProvider userId={userId}>
      <HrPages />
      <Toaster position="bottom-right" closeButton />
    </AlertsProvider>
  );
}

const HR_PAGES = [
  ['/overview', 'Overview'],
  ['/flagged', 'Flagged'],
  ['/employees', 'Employees'],
  ['/upload', 'Upload'],
  ['/reports', 'Reports'],
  ['/checkins', 'Check-ins'],
  ['/alerts', 'Alerts'],
] as const;

function HrPages() {
  const { unseen, status } = useAlerts();
  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(event) => {
          // With the document's <base>, `#main` would be a link to the start page: move the focus instead.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <Header>
        <nav aria-label="HR pages">
          <ul>
            {HR_PAGES.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to}>{label}</NavLink>
                {to === '/alerts' && unseen > 0 && (
                  <span className="badge" aria-label={`${unseen} new alert${unseen === 1 ? '' : 's'}`}>
                    {unseen}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </nav>
      </Header>
      <ConnectionBanner status={status} />
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<Navigate to="/overview" replace />} />
          <Route path="/overview" element={<Overview />} />
          <Route path="/flagged" element={<Flagged />} />
          <Route path="/employees" element={<Employees />} />
          <Route path="/employees/:employeeId" element={<Employee />} />
          <Route path="/upload" element={<Upload />} />
          <Route path="/reports" element={<Reports />} />
          <Route path="/reports/daily" element={<DailyReport />} />
          <Route path="/reports/:id" element={<Report />} />
          <Route path="/checkins" element={<Checkins />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
    </>
  );
}

function NotFound() {
  return (
    <Page title="Page not found">
      <p>
        There is no such page. Go to the <NavLink to="/">start page</NavLink>.
      </p>
    </Page>
  );
}
