import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/Page';
import { useSession } from '../session';
import { errorCode, errorMessage, useTRPC } from '../trpc';

export function SignIn() {
  const trpc = useTRPC();
  const { signIn, notice } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const ids = { username: useId(), password: useId() };
  const login = useMutation(trpc.auth.login.mutationOptions({ onSuccess: ({ token, user }) => signIn(token, user) }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password });
  };
  const failure = login.error
    ? errorCode(login.error) === 'UNAUTHORIZED'
      ? 'Wrong username or password. Check both and try again.'
      : errorMessage(login.error)
    : null;

  return (
    <main className="auth">
      <h1>HR assistant</h1>
      <form onSubmit={submit} className="card" aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">Sign in</h2>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor={ids.username}>Username</label>
        <input id={ids.username} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor={ids.password}>Password</label>
        <input id={ids.password} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <ErrorNote error={failure} />
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
