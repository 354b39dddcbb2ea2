import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorNote } from '../components/Page';
import { useSession } from '../session';
import { errorMessage, useTRPC } from '../trpc';

/** Opened by HR's invite link (`?invite=CODE`): the new account is linked to the invite's employee ID. */
export function Register({ inviteCode }: { inviteCode: string }) {
  const trpc = useTRPC();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const ids = { username: useId(), password: useId(), confirm: useId() };
  const register = useMutation(
    trpc.auth.register.mutationOptions({
      onSuccess: ({ token, user }) => {
        navigate('/', { replace: true });
        signIn(token, user);
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== confirm);
    if (password === confirm) register.mutate({ username, password, inviteCode });
  };

  return (
    <main className="auth">
      <h1>HR assistant</h1>
      <form onSubmit={submit} className="card" aria-labelledby="register-title">
        <h2 id="register-title">Create your account</h2>
        <p className="muted">HR invited you. Choose a username and a password (8 characters or more).</p>
        <label htmlFor={ids.username}>Username</label>
        <input id={ids.username} autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor={ids.password}>Password</label>
        <input id={ids.password} type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />
        <label htmlFor={ids.confirm}>Repeat password</label>
        <input id={ids.confirm} type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        <ErrorNote error={mismatch ? 'The two passwords differ.' : register.error ? errorMessage(register.error) : null} />
        <button type="submit" disabled={register.isPending}>
          {register.isPending ? 'Creating…' : 'Create account'}
        </button>
        <p>
          <Link to="/">I already have an account: Sign in</Link>
        </p>
      </form>
    </main>
  );
}
