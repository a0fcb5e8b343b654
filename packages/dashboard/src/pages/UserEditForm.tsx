import { useState } from 'react';
import type { FormEvent } from 'react';
import type { User } from '@paddock/sdk';
import { ProblemText } from '../components/ProblemText.js';
import { useDashboard } from '../context.js';
import { useAction } from '../hooks.js';

/**
 * An admin changes a user's email and names (users/update): the username and the default
 * workspace's name follow a new email; a taken email is refused in place (EMAIL_TAKEN).
 */
export function UserEditForm({ user, onSaved }: { user: User; onSaved: () => void }) {
  const { client } = useDashboard();
  const action = useAction();
  const [email, setEmail] = useState(user.email);
  const [firstName, setFirstName] = useState(user.firstName ?? '');
  const [lastName, setLastName] = useState(user.lastName ?? '');
  const [saved, setSaved] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved('');
    const ok = await action.run(async () =>
      client.updateUser(
        { userId: user.id },
        {
          ...(email.trim().toLowerCase() !== user.email && { email }),
          ...(firstName !== (user.firstName ?? '') && { firstName }),
          ...(lastName !== (user.lastName ?? '') && { lastName }),
        },
      ),
    );
    if (!ok) return;
    setSaved('Saved.');
    onSaved();
  };

  return (
    <form aria-label="Edit user" onSubmit={(e) => void submit(e)} className="edit-user">
      <label>
        Email <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
      </label>
      <label>
        First name <input value={firstName} onChange={(e) => setFirstName(e.target.value)} autoComplete="off" />
      </label>
      <label>
        Last name <input value={lastName} onChange={(e) => setLastName(e.target.value)} autoComplete="off" />
      </label>
      <button type="submit" aria-disabled={action.busy}>
        {action.busy ? 'Saving…' : 'Save changes'}
      </button>
      <p role="status">{saved}</p>
      <ProblemText problem={action.problem} />
    </form>
  );
}
