import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { finishLogin, startLogin, storedSession } from './auth.js';
import type { Session } from './auth.js';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

function SignedOut({ message }: { message: string | null }) {
  const signIn = () => void startLogin(window.location.pathname + window.location.search);
  return (
    <main className="signed-out">
      <h1>Paddock</h1>
      {message !== null && (
        <p className="problem" role="alert" data-code="UNAUTHENTICATED">
          {message}
        </p>
      )}
      <p>Sign in to manage users, workspaces and seats.</p>
      <button type="button" onClick={signIn}>
        Sign in
      </button>
    </main>
  );
}

function render(session: Session | null, message: string | null = null): void {
  root.render(<StrictMode>{session === null ? <SignedOut message={message} /> : <App session={session} onSignedOut={(why) => render(null, why)} />}</StrictMode>);
}

async function boot(): Promise<void> {
  try {
    const finished = await finishLogin();
    if (finished) {
      window.history.replaceState(null, '', finished.returnTo === '' ? '/' : finished.returnTo);
      return render(finished.session);
    }
  } catch (err) {
    window.history.replaceState(null, '', '/');
    return render(null, `Sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const session = storedSession();
  if (session !== null) return render(session);
  // Nobody signed in: go straight to the login page, as a bookmarked admin page would expect.
  render(null);
  await startLogin(window.location.pathname + window.location.search);
}

void boot();
