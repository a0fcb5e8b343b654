import { useRef } from 'react';
import type { AuditEvent, User } from '@paddock/sdk';
import { NeedAdmin } from '../components/NeedAdmin.js';
import { useConfirm } from '../components/Confirm.js';
import { ProblemText } from '../components/ProblemText.js';
import { useDashboard } from '../context.js';
import { formatTime, MEMBER_LABEL, ROLE_LABEL } from '../format.js';
import { useAction, useLoad } from '../hooks.js';
import { Link } from '../router.js';
import { AuditTable } from './AuditTable.js';
import { UserEditForm } from './UserEditForm.js';
import { PageHeading } from '../components/PageHeading.js';
import { TableRegion } from '../components/TableRegion.js';

export function UserPage({ userId }: { userId: string }) {
  const { person } = useDashboard();
  if (!person.admin) return <NeedAdmin what="Users" />;
  return <UserDetail userId={userId} />;
}

function UserDetail({ userId }: { userId: string }) {
  const { client, refreshLicense } = useDashboard();
  const user = useLoad(async () => (await client.queryUsers({ userIds: [userId] })).users[0] ?? null, [client, userId]);
  const action = useAction();
  const confirm = useConfirm();
  const u = user.data;
  if (user.problem) return <ProblemText problem={user.problem} />;
  if (!u) return <p aria-busy="true">{user.loading ? 'Loading…' : 'No such user.'}</p>;

  const setActive = async (active: boolean) => {
    const question = `Deactivate ${u.email}? Their sessions end at once and 1 seat is freed.`;
    if (action.busy || (!active && !(await confirm.ask(question, 'Deactivate')))) return;
    await action.run(async () => (active ? client.activateUser(u.email) : client.deactivateUser(u.email)));
    user.reload();
    refreshLicense();
  };

  return (
    <section aria-labelledby="user-title">
      <p>
        <Link to="/users">← Users</Link>
      </p>
      <PageHeading id="user-title" title={`${u.email} — Users`}>
        {u.email}
        {!u.enabled && <span className="inactive"> (inactive)</span>}
      </PageHeading>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{[u.firstName, u.lastName].filter(Boolean).join(' ') || '—'}</dd>
        <dt>Type</dt>
        <dd>{ROLE_LABEL[u.role ?? 'user']}</dd>
        <dt>Status</dt>
        <dd>{u.enabled ? 'Active' : 'Inactive'}</dd>
        <dt>Last login</dt>
        <dd>{formatTime(u.lastLogin)}</dd>
        <dt>Source</dt>
        <dd data-testid="user-source">{u.source === 'scim' ? 'SCIM (managed by the identity provider)' : 'Local'}</dd>
        {u.externalId !== undefined && (
          <>
            <dt>External id</dt>
            <dd data-testid="user-external-id">
              <code>{u.externalId}</code>
            </dd>
          </>
        )}
      </dl>
      <p>
        <button type="button" aria-disabled={action.busy} onClick={() => void setActive(!u.enabled)}>
          {action.busy ? 'Saving…' : u.enabled ? 'Deactivate' : 'Activate'}
        </button>
      </p>
      <ProblemText problem={action.problem} />
      {confirm.dialog}
      <details>
        <summary>Edit email and name</summary>
        <UserEditForm key={u.id} user={u} onSaved={user.reload} />
      </details>
      <UserWorkspaces user={u} />
      <UserSessions user={u} />
      <UserEvents user={u} />
    </section>
  );
}

function UserWorkspaces({ user }: { user: User }) {
  const { client } = useDashboard();
  const list = useLoad(async () => (await client.workspaceOverview({ userId: user.id, limit: 500 })).workspaces, [client, user.id, user.email]);
  return (
    <section aria-labelledby="user-workspaces">
      <h2 id="user-workspaces">Workspaces and roles</h2>
      <ProblemText problem={list.problem} />
      <TableRegion label="Workspaces and roles">
        <table>
          <thead>
            <tr>
              <th scope="col">Workspace</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.map((w) => (
              <tr key={w.workspace.id}>
                <td>
                  <Link to={`/workspaces/${encodeURIComponent(w.workspace.name)}`}>{w.workspace.name}</Link>
                </td>
                <td>{w.role ? MEMBER_LABEL[w.role] : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

function UserSessions({ user }: { user: User }) {
  const { client } = useDashboard();
  const sessions = useLoad(async () => client.listSessions(user.email), [client, user.email]);
  const action = useAction();
  const confirm = useConfirm();
  const heading = useRef<HTMLHeadingElement>(null);
  const revokeAll = async () => {
    if (action.busy || !sessions.data?.length) return;
    const count = sessions.data?.length ?? 0;
    const question = `Revoke all ${count} ${count === 1 ? 'session' : 'sessions'} of ${user.email}? They are signed out everywhere at once.`;
    if (await confirm.ask(question, 'Revoke all sessions')) await revoke(async () => client.revokeAllSessions(user.email));
  };
  /** A revoked session's row (or, for all of them, the button's purpose) is gone: focus goes to the Sessions heading. */
  const revoke = async (call: () => Promise<unknown>) => {
    const ok = await action.run(async () => {
      await call();
    });
    sessions.reload();
    if (ok) heading.current?.focus();
  };
  return (
    <section aria-labelledby="user-sessions">
      <h2 id="user-sessions" ref={heading} tabIndex={-1}>
        Sessions
      </h2>
      <ProblemText problem={sessions.problem ?? action.problem} />
      <p>
        <button type="button" aria-disabled={action.busy || !sessions.data?.length} onClick={() => void revokeAll()}>
          Revoke all sessions
        </button>
      </p>
      <TableRegion label="Sessions">
        <table>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data?.map((s) => (
              <tr key={s.id}>
                <td>{s.clientId}</td>
                <td>{formatTime(s.createdAt)}</td>
                <td>{formatTime(s.lastUsedAt)}</td>
                <td>{formatTime(s.expiresAt)}</td>
                <td>
                  <button type="button" aria-disabled={action.busy} aria-label={`Revoke the ${s.clientId} session of ${formatTime(s.createdAt)}`} onClick={() => void revoke(async () => client.revokeSession(s.id))}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
            {sessions.data?.length === 0 && (
              <tr>
                <td colSpan={5}>No open sessions.</td>
              </tr>
            )}
          </tbody>
        </table>
      </TableRegion>
      {confirm.dialog}
    </section>
  );
}

function UserEvents({ user }: { user: User }) {
  const { client } = useDashboard();
  const events = useLoad(async () => {
    const [about, by] = await Promise.all([client.queryAudit({ target: user.id, limit: 10 }), client.queryAudit({ actor: user.id, limit: 10 })]);
    const byId = new Map<string, AuditEvent>([...about.events, ...by.events].map((e) => [String(e.id), e]));
    return [...byId.values()].sort((a, b) => b.at.getTime() - a.at.getTime() || Number(b.id) - Number(a.id)).slice(0, 10);
  }, [client, user.id]);
  return (
    <section aria-labelledby="user-events">
      <h2 id="user-events">Recent audit events</h2>
      <ProblemText problem={events.problem} />
      <AuditTable events={events.data ?? []} busy={events.loading} label="Recent audit events" />
    </section>
  );
}
