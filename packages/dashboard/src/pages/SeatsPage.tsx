import { useEffect, useRef, useState } from 'react';
import type { DormantUser, ReclaimResult } from '@paddock/sdk';
import { useConfirm } from '../components/Confirm.js';
import { NeedAdmin } from '../components/NeedAdmin.js';
import { PageHeading } from '../components/PageHeading.js';
import { ProblemText } from '../components/ProblemText.js';
import { TableRegion } from '../components/TableRegion.js';
import { useDashboard } from '../context.js';
import { formatCount, formatTime, ROLE_LABEL } from '../format.js';
import { useAction, useLoad } from '../hooks.js';
import { Link } from '../router.js';
import { SeatPolicyPanel } from './SeatPolicyPanel.js';

const DEFAULT_DAYS = 90;
const users = (n: number) => `${formatCount(n)} ${n === 1 ? 'user' : 'users'}`;
const seats = (n: number) => `${formatCount(n)} ${n === 1 ? 'seat' : 'seats'}`;

export function SeatsPage() {
  const { person } = useDashboard();
  if (!person.admin) return <NeedAdmin what="Seats" />;
  return <Seats />;
}

/** The seats in use, the users holding one without using it, freeing theirs in one step, and the policy. */
function Seats() {
  const { client, license, refreshLicense } = useDashboard();
  const [typedDays, setTypedDays] = useState(String(DEFAULT_DAYS));
  const [days, setDays] = useState(DEFAULT_DAYS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<ReclaimResult | null>(null);
  const confirm = useConfirm();
  const action = useAction();
  const outcome = useRef<HTMLParagraphElement>(null);

  const listing = useLoad(async () => client.listDormantUsers({ days }), [client, days]);
  const rows: DormantUser[] = listing.data?.users ?? [];
  const others = rows.filter((u) => u.role !== 'admin');
  // A new listing starts with every idle user but the admins chosen: admins are chosen one by one.
  useEffect(() => setSelected(new Set(others.map((u) => u.email))), [listing.data]);

  const applyDays = () => {
    const n = Number(typedDays);
    if (Number.isInteger(n) && n >= 1 && n <= 3650) {
      setResult(null);
      setDays(n);
    }
  };
  const toggle = (email: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(email)) next.delete(email);
      else next.add(email);
      return next;
    });
  const allOthers = others.length > 0 && others.every((u) => selected.has(u.email));

  const deactivate = async () => {
    const emails = rows.filter((u) => selected.has(u.email)).map((u) => u.email);
    if (emails.length === 0) return;
    const admins = rows.filter((u) => selected.has(u.email) && u.role === 'admin').length;
    const left = listing.data?.seats.seatsLeft;
    const after = left === null || left === undefined ? '' : ` (${formatCount(left)} free now, ${formatCount(left + emails.length)} after)`;
    const question =
      `Deactivate ${users(emails.length)}${admins > 0 ? `, ${formatCount(admins)} of them ${admins === 1 ? 'an admin' : 'admins'}` : ''}? ` +
      `Their sessions end at once and ${seats(emails.length)} come${emails.length === 1 ? 's' : ''} back${after}.`;
    if (!(await confirm.ask(question, `Deactivate ${users(emails.length)}`))) return;
    const ok = await action.run(async () => setResult(await client.deactivateDormantUsers({ days, emails })));
    if (ok) {
      outcome.current?.focus();
      listing.reload();
      refreshLicense();
    }
  };

  const data = listing.data;
  const counted = data === null ? 'Idle users' : `${users(data.total)} idle for more than ${formatCount(days)} days${data.admins > 0 ? `, ${formatCount(data.admins)} of them ${data.admins === 1 ? 'an admin' : 'admins'}` : ''}`;
  return (
    <section aria-labelledby="seats-title">
      <PageHeading id="seats-title" title="Seats" />
      {license !== null && (
        <p data-testid="seats-summary">
          {license.seats === null
            ? `${users(license.activeUsers)} active; this licence has no seat limit.`
            : `${formatCount(license.activeUsers)} of ${formatCount(license.seats)} seats used, ${formatCount(license.seatsLeft ?? 0)} free.`}{' '}
          Only active users hold a seat. <Link to="/license">Licence details</Link>
        </p>
      )}

      <h2 id="idle-title">Idle seats</h2>
      <form
        className="toolbar"
        aria-labelledby="idle-title"
        onSubmit={(e) => {
          e.preventDefault();
          applyDays();
        }}
      >
        <label>
          No sign-in for more than (days)
          <input type="number" min={1} max={3650} required value={typedDays} onChange={(e) => setTypedDays(e.target.value)} />
        </label>
        <button type="submit">Show idle users</button>
      </form>
      <p className="hint">Any way in counts as a sign-in: password, refresh, device, browser or SSO. Invited users who never signed in count from the invitation.</p>
      <ProblemText problem={listing.problem} />
      <TableRegion label="Idle users">
        <table aria-busy={listing.loading} aria-describedby="idle-count">
          <caption id="idle-count">{counted}</caption>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select every idle user but the admins"
                  checked={allOthers}
                  onChange={() => setSelected(allOthers ? new Set() : new Set([...selected, ...others.map((u) => u.email)]))}
                />
              </th>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Idle days</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} data-testid="idle-user">
                <td>
                  <input type="checkbox" aria-label={`Select ${u.email}`} checked={selected.has(u.email)} onChange={() => toggle(u.email)} />
                </td>
                <td>
                  <Link to={`/users/${encodeURIComponent(u.id)}`}>{u.email}</Link>
                </td>
                <td>{[u.firstName, u.lastName].filter(Boolean).join(' ')}</td>
                <td>{ROLE_LABEL[u.role]}</td>
                <td>{u.lastLoginAt === null ? `never (invited ${formatTime(u.createdAt)})` : formatTime(u.lastLoginAt)}</td>
                <td>{formatCount(u.idleDays)}</td>
              </tr>
            ))}
            {data && rows.length === 0 && (
              <tr>
                <td colSpan={6}>No user has been idle for more than {formatCount(days)} days.</td>
              </tr>
            )}
          </tbody>
        </table>
      </TableRegion>
      <div className="toolbar" role="group" aria-label="Selected idle users">
        <span>
          {formatCount(selected.size)} selected: frees {seats(selected.size)}
        </span>
        <button type="button" className="danger" aria-disabled={selected.size === 0 || action.busy} onClick={() => void deactivate()}>
          {action.busy ? 'Deactivating…' : 'Deactivate selected'}
        </button>
      </div>
      <p className="done" role="status" ref={outcome} tabIndex={-1} data-testid="reclaim-outcome">
        {result &&
          `Deactivated ${users(result.deactivated.length)}: ${seats(result.seatsFreed)} freed. ` +
            (result.seats.seats === null ? `${users(result.seats.activeUsers)} active.` : `${formatCount(result.seats.activeUsers)} of ${formatCount(result.seats.seats)} seats used, ${formatCount(result.seats.seatsLeft ?? 0)} free.`)}
      </p>
      <ProblemText problem={action.problem} />
      {result?.skipped.map((s) => <ProblemText key={s.email} problem={{ code: s.code, message: `${s.email}: ${s.message}` }} />)}

      <SeatPolicyPanel />
      {confirm.dialog}
    </section>
  );
}
