import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { PlatformRole } from '@paddock/sdk';
import { Outcome } from '../components/Outcome.js';
import { useDashboard } from '../context.js';
import { useAction } from '../hooks.js';

/** Invites one user: a seat is taken at once, and they get a link to set their password. Esc closes it. */
export function InviteForm({ onInvited, onClose }: { onInvited: () => void; onClose: () => void }) {
  const { client, license, refreshLicense } = useDashboard();
  const [email, setEmail] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [role, setRole] = useState<PlatformRole>('user');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const emailRef = useRef<HTMLInputElement>(null);
  useEffect(() => emailRef.current?.focus(), []);
  // A seat freed elsewhere (a deactivation) makes "no seat left" untrue: drop it rather than leave it standing.
  const activeUsers = license?.activeUsers;
  const { clear } = action;
  const seatRefused = action.problem?.code === 'SEAT_LIMIT_REACHED';
  useEffect(() => {
    if (seatRefused) clear();
  }, [activeUsers]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const ok = await action.run(async () => {
      await client.inviteUser(email, undefined, { firstName, lastName, role });
    });
    if (ok) {
      setDone(`Invited ${email}: a link to set their password was mailed to them (valid 48 hours).`);
      setEmail('');
      setFirstName('');
      setLastName('');
      onInvited();
    }
    refreshLicense();
  };

  return (
    <form
      className="panel"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="invite-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id="invite-title">Invite a user</h2>
      <div className="fields">
        <label>
          Email
          <input ref={emailRef} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </label>
        <label>
          First name
          <input value={firstName} onChange={(e) => setFirstName(e.target.value)} />
        </label>
        <label>
          Last name
          <input value={lastName} onChange={(e) => setLastName(e.target.value)} />
        </label>
        <label>
          Type
          <select value={role} onChange={(e) => setRole(e.target.value as PlatformRole)}>
            <option value="user">User</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <button type="submit" aria-disabled={action.busy}>
          {action.busy ? 'Inviting…' : 'Invite'}
        </button>
      </div>
      <Outcome problem={action.problem} done={done} />
    </form>
  );
}
