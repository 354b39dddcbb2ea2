import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { SessionProvider } from './session';
import { APP_BASE } from './trpc';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <BrowserRouter basename={APP_BASE}>
    <SessionProvider>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </SessionProvider>
  </BrowserRouter>,
);
