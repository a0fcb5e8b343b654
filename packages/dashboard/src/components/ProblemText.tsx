import { dropSession, startLogin } from '../auth.js';
import type { Problem } from '../errors.js';
import { Link } from '../router.js';

function signInAgain(): void {
  dropSession();
  void startLogin(window.location.pathname + window.location.search);
}

/** An API refusal in place: its sentence, its code for tests and scripts, and what to do next when we know. */
export function ProblemText({ problem }: { problem: Problem | null }) {
  if (problem === null) return null;
  return (
    <p className="problem" role="alert" data-code={problem.code}>
      {problem.message}
      {problem.code === 'SEAT_LIMIT_REACHED' && (
        <>
          {' '}
          <Link to="/license">Add a licence</Link>
        </>
      )}
      {problem.code === 'UNAUTHENTICATED' && (
        <>
          {' '}
          <button type="button" className="link" onClick={signInAgain}>
            Sign in again
          </button>
        </>
      )}
    </p>
  );
}
