import { Component, type ReactNode } from 'react';

/**
 * Whatever fails while rendering (or loading HR's pages after a new build replaced them)
 * shows a message and a way back, never a blank page.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="auth">
        <p className="error" role="alert">
          This page could not be shown. The app may have been updated meanwhile.
        </p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </main>
    );
  }
}
