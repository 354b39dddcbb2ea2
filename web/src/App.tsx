import { lazy, Suspense } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { Header } from './components/Header';
import { ErrorNote, Loading } from './components/Page';
import { Chat } from './pages/Chat';
import { Register } from './pages/Register';
import { SignIn } from './pages/SignIn';
import { useSession } from './session';

// HR's pages (charts, tables, toasts) load only for HR: an employee's chat page stays small.
const HrApp = lazy(() => import('./HrApp'));

export function App() {
  const { token, user, notice } = useSession();
  const invite = new URLSearchParams(useLocation().search).get('invite');
  if (!token) return invite ? <Register inviteCode={invite} /> : <SignIn />;
  if (!user && notice) {
    return (
      <main className="auth">
        <ErrorNote error={notice} />
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </main>
    );
  }
  if (!user) return <Loading what="Signing you in…" />;
  if (user.role !== 'hr') return <EmployeeApp />;
  return (
    <Suspense fallback={<Loading />}>
      <HrApp userId={user.id} />
    </Suspense>
  );
}

function EmployeeApp() {
  return (
    <>
      <Header />
      <main id="main">
        <Routes>
          <Route path="*" element={<Chat />} />
        </Routes>
      </main>
    </>
  );
}
