import type { Problem } from '../errors.js';
import { ProblemText } from './ProblemText.js';

/** The end of a form's action: the refusal in place, or what was done. */
export function Outcome({ problem, done }: { problem: Problem | null; done: string | null }) {
  return (
    <>
      <ProblemText problem={problem} />
      {/* Always in the page: a status region announces changes to its text, not its arrival. */}
      <p className="done" role="status">
        {done}
      </p>
    </>
  );
}
