import { useEffect, useRef, useState } from 'react';
import type { PlatformRole, User, UserSortKey, UserStatus } from '@paddock/sdk';
import { NeedAdmin } from '../components/NeedAdmin.js';
import { FIRST, Pager, pageQuery } from '../components/Pager.js';
import type { PageAt } from '../components/Pager.js';
import { useConfirm } from '../components/Confirm.js';
import { ProblemText } from '../components/ProblemText.js';
import { useDashboard } from '../context.js';
import { problemOf } from '../errors.js';
import type { Problem } from '../errors.js';
import { formatCount, formatTime, ROLE_LABEL } from '../format.js';
import { useLoad } from '../hooks.js';
import { Link } from '../router.js';
import { InviteForm } from './InviteForm.js';
import { PageHeading } from '../components/PageHeading.js';
import { TableRegion } from '../components/TableRegion.js';

const PAGE_SIZE = 25;
const COLUMNS: Array<[UserSortKey, string]> = [
  ['role', 'Type'],
  ['status', 'Status'],
  ['email', 'Email'],
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['last_login', 'Last login'],
];

type Sort = { by: UserSortKey; order: 'asc' | 'desc' };

export function UsersPage() {
  const { person } = useDashboard();
  if (!person.admin) return <NeedAdmin what="Users" />;
  return <UsersTable />;
}

function UsersTable() {
  const { client, refreshLicense } = useDashboard();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<UserStatus | ''>('');
  const [role, setRole] = useState<PlatformRole | ''>('');
  const [sort, setSort] = useState<Sort>({ by: 'email', order: 'asc' });
  const [at, setAt] = useState<PageAt>(FIRST);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [inviting, setInviting] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [problems, setProblems] = useState<Array<{ email: string; problem: Problem }>>([]);
  const [pendingRole, setPendingRole] = useState<{ email: string; role: PlatformRole } | null>(null);
  const confirm = useConfirm();
  const inviteButton = useRef<HTMLButtonElement>(null);
  const outcome = useRef<HTMLSpanElement>(null);
  const closeInvite = () => {
    setInviting(false);
    inviteButton.current?.focus();
  };

  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  // A new filter or order starts again at the first page, with nothing selected.
  useEffect(() => {
    setAt(FIRST);
    setSelected(new Set());
  }, [search, status, role, sort]);
  // "Deactivated 1 of 1." and its refusals speak of a selection: they go when it or the page changes.
  const clearOutcome = () => {
    setProgress(null);
    setProblems([]);
  };
  useEffect(clearOutcome, [search, status, role, sort, at]);

  const users = useLoad(
    async () =>
      client.queryUsers({
        limit: PAGE_SIZE,
        includeTotal: true,
        sort: sort.by,
        order: sort.order,
        ...(search !== '' && { search }),
        ...(status !== '' && { status }),
        ...(role !== '' && { role }),
        ...pageQuery(at, PAGE_SIZE),
      }),
    [client, search, status, role, sort, at],
  );
  const rows: User[] = users.data ? [...users.data.users] : [];
  useEffect(() => setPendingRole(null), [users.data]);

  const sortBy = (by: UserSortKey) => setSort((s) => ({ by, order: s.by === by && s.order === 'asc' ? 'desc' : 'asc' }));
  const toggle = (email: string) => {
    clearOutcome();
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(email)) next.delete(email);
      else next.add(email);
      return next;
    });
  };
  const allSelected = rows.length > 0 && rows.every((u) => selected.has(u.email));

  /** Runs one call per selected user, one at a time, saying how far it got and what was refused. */
  const bulk = async (verb: 'Activating' | 'Deactivating', call: (email: string) => Promise<void>) => {
    const emails = [...selected];
    const refused: Array<{ email: string; problem: Problem }> = [];
    for (const [i, email] of emails.entries()) {
      setProgress(`${verb} ${i + 1} of ${emails.length}…`);
      try {
        await call(email);
      } catch (err) {
        refused.push({ email, problem: problemOf(err) });
      }
    }
    setProgress(`${verb.replace(/ing$/, 'ed')} ${emails.length - refused.length} of ${emails.length}.`);
    setProblems(refused);
    setSelected(new Set(refused.map((r) => r.email)));
    outcome.current?.focus(); // to the result: the button that started it is disabled once nothing is selected
    users.reload();
    refreshLicense();
  };

  const deactivate = async () => {
    const emails = [...selected];
    const freed = emails.filter((e) => rows.find((u) => u.email === e)?.enabled ?? true).length;
    const who = `${emails.length} ${emails.length === 1 ? 'user' : 'users'}: ${emails.join(', ')}`;
    const seats = freed === 1 ? '1 seat is freed' : `${freed} seats are freed`;
    const question = `Deactivate ${who}? Their sessions end at once${freed > 0 ? ` and ${seats}` : ''}.`;
    if (await confirm.ask(question, emails.length === 1 ? 'Deactivate' : `Deactivate ${emails.length} users`)) {
      await bulk('Deactivating', async (e) => client.deactivateUser(e));
    }
  };

  /** A type changes only once confirmed: a stray arrow key on the select must not make anyone an admin. */
  const changeRole = async (email: string, newRole: PlatformRole) => {
    setPendingRole({ email, role: newRole });
    const question = newRole === 'admin' ? `Make ${email} an admin?` : `Make ${email} a user? They lose the admin role.`;
    const yes = await confirm.ask(question, newRole === 'admin' ? 'Make admin' : 'Make user');
    if (!yes) {
      setPendingRole(null);
      return;
    }
    setProblems([]);
    try {
      await client.setUserRole(email, newRole);
    } catch (err) {
      setProblems([{ email, problem: problemOf(err) }]);
    }
    users.reload(); // the chosen type stays shown until the reloaded rows replace it (see below)
  };

  const total = users.data?.total ?? null;
  // A search counts its matches up to 1,000: past that, "1,000+ users" and no page count.
  const exact = users.data?.totalExact ?? true;
  const counted = total === null ? null : `${formatCount(total)}${exact ? '' : '+'} ${total === 1 && exact ? 'user' : 'users'}`;
  const filtered = search !== '' || status !== '' || role !== '';
  return (
    <section aria-labelledby="users-title">
      <div className="title-row">
        <PageHeading id="users-title" title="Users" />
        <button type="button" ref={inviteButton} onClick={() => setInviting((v) => !v)} aria-expanded={inviting}>
          Invite user
        </button>
      </div>
      {inviting && <InviteForm onInvited={users.reload} onClose={closeInvite} />}

      <div className="toolbar" role="search">
        <label>
          Search users
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Email or name" />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as UserStatus | '')}>
            <option value="">All</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </label>
        <label>
          Type
          <select value={role} onChange={(e) => setRole(e.target.value as PlatformRole | '')}>
            <option value="">All</option>
            <option value="admin">Admin</option>
            <option value="user">User</option>
          </select>
        </label>
      </div>


      <p className="visually-hidden" role="status" id="users-found">
        {filtered && counted !== null && !users.loading ? `${counted} found` : ''}
      </p>
      <ProblemText problem={users.problem} />
      <TableRegion label="Users">
        <table aria-busy={users.loading} aria-describedby="users-count">
          <caption id="users-count">{counted ?? 'Users'}</caption>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select every user on this page"
                  checked={allSelected}
                  onChange={() => {
                    clearOutcome();
                    setSelected(allSelected ? new Set() : new Set(rows.map((u) => u.email)));
                  }}
                />
              </th>
              {COLUMNS.map(([key, label]) => (
                <th key={key} scope="col" aria-sort={sort.by === key ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="sort" onClick={() => sortBy(key)}>
                    {label}
                    <span aria-hidden="true">{sort.by === key ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id}>
                <td>
                  <input type="checkbox" aria-label={`Select ${u.email}`} checked={selected.has(u.email)} onChange={() => toggle(u.email)} />
                </td>
                <td>
                  <select aria-label={`Type of ${u.email}`} value={pendingRole?.email === u.email ? pendingRole.role : (u.role ?? 'user')} onChange={(e) => void changeRole(u.email, e.target.value as PlatformRole)}>
                    <option value="user">{ROLE_LABEL.user}</option>
                    <option value="admin">{ROLE_LABEL.admin}</option>
                  </select>
                </td>
                <td>{u.enabled ? 'Active' : 'Inactive'}</td>
                <td>
                  <Link to={`/users/${encodeURIComponent(u.id)}`}>{u.email}</Link>
                  {!u.enabled && <span className="inactive"> (inactive)</span>}
                  {u.source === 'scim' && (
                    <span className="source" title={u.externalId === undefined ? 'Managed through SCIM' : `Managed through SCIM; external id ${u.externalId}`}>
                      {' '}
                      SCIM
                    </span>
                  )}
                </td>
                <td>{u.firstName}</td>
                <td>{u.lastName}</td>
                <td>{formatTime(u.lastLogin)}</td>
              </tr>
            ))}
            {users.data && rows.length === 0 && (
              <tr>
                <td colSpan={7}>No user matches.</td>
              </tr>
            )}
          </tbody>
        </table>
      </TableRegion>
      {/* The bulk actions follow the rows: from a row's checkbox, Tab goes on to them rather than back up past the filters. */}
      <div className="toolbar" role="group" aria-label="Selected users">
        <span>{formatCount(selected.size)} selected</span>
        <button type="button" disabled={selected.size === 0 || progress?.endsWith('…')} onClick={() => void bulk('Activating', async (e) => client.activateUser(e))}>
          Activate selected
        </button>
        <button type="button" disabled={selected.size === 0 || progress?.endsWith('…')} onClick={() => void deactivate()}>
          Deactivate selected
        </button>
        <span role="status" ref={outcome} tabIndex={-1}>
          {progress}
        </span>
      </div>
      {problems.map(({ email, problem }) => (
        <ProblemText key={email} problem={{ ...problem, message: `${email}: ${problem.message}` }} />
      ))}
      <Pager
        label="Users"
        page={at.page}
        pages={total === null || !exact ? null : Math.ceil(total / PAGE_SIZE)}
        onPrevious={() => setAt((a) => ({ page: a.page - 1 }))}
        onNext={users.data?.nextCursor ? () => setAt((a) => ({ page: a.page + 1, cursor: users.data?.nextCursor ?? '' })) : null}
        onGoTo={(page) => setAt({ page })}
      />
      {confirm.dialog}
    </section>
  );
}
