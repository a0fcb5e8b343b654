import { Fragment, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Workspace, WorkspaceRole } from '@paddock/sdk';
import { useConfirm } from '../components/Confirm.js';
import { ProblemText } from '../components/ProblemText.js';
import { useDashboard } from '../context.js';
import { problemOf } from '../errors.js';
import type { Problem } from '../errors.js';
import { MEMBER_LABEL } from '../format.js';
import { useAction, useLoad } from '../hooks.js';
import { Link } from '../router.js';
import { PageHeading } from '../components/PageHeading.js';
import { TableRegion } from '../components/TableRegion.js';

export function WorkspacePage({ name }: { name: string }) {
  const { client } = useDashboard();
  const ws = useLoad(async () => client.getWorkspace(name), [client, name]);
  if (ws.problem) return <ProblemText problem={ws.problem} />;
  if (!ws.data) return <p aria-busy={ws.loading}>{ws.loading ? 'Loading…' : `No workspace is named ${name}.`}</p>;
  return <Members workspace={ws.data} />;
}

function Members({ workspace }: { workspace: Workspace }) {
  const { person } = useDashboard();
  const members = useLoad(async () => workspace.users(), [workspace]);
  const [rowProblem, setRowProblem] = useState<{ email: string; problem: Problem } | null>(null);
  const [busy, setBusy] = useState(false);
  const [pendingRole, setPendingRole] = useState<{ email: string; role: WorkspaceRole } | null>(null);
  const [removed, setRemoved] = useState('');
  const membersHeading = useRef<HTMLHeadingElement>(null);
  const confirm = useConfirm();
  const list = members.data ?? [];
  useEffect(() => setPendingRole(null), [members.data]);
  const owners = list.filter((m) => m.role === 'owner');
  const canManage = person.admin || owners.some((o) => o.userId === person.id);

  const change = async (email: string, call: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setRowProblem(null);
    setRemoved('');
    try {
      await call();
      return true;
    } catch (err) {
      setRowProblem({ email, problem: problemOf(err) });
      return false;
    } finally {
      setBusy(false);
      members.reload();
    }
  };

  // Row controls are aria-disabled while a change runs, not disabled: a disabled control drops the focus it holds.

  /** A role changes only once confirmed: a stray arrow key on the select must not make anyone an owner. */
  const changeRole = async (email: string, role: WorkspaceRole) => {
    if (busy) return;
    setPendingRole({ email, role });
    const question =
      role === 'owner' ? `Make ${email} an owner of ${workspace.name}?` : `Make ${email} a collaborator of ${workspace.name}? They can no longer manage its members.`;
    if (await confirm.ask(question, role === 'owner' ? 'Make owner' : 'Make collaborator')) {
      await change(email, async () => workspace.setUserRole(email, role)); // reloads the members, which clears pendingRole
    } else setPendingRole(null);
  };
  const remove = async (email: string) => {
    if (busy) return;
    if (await confirm.ask(`Remove ${email} from ${workspace.name}? They lose access to it at once.`, 'Remove')) {
      if (await change(email, async () => workspace.removeUser(email))) {
        setRemoved(`Removed ${email} from ${workspace.name}.`);
        membersHeading.current?.focus(); // their row, and the button that was focused, are gone
      }
    }
  };
  const added = () => {
    setRowProblem(null);
    setRemoved('');
    members.reload();
  };

  return (
    <section aria-labelledby="ws-title">
      <p>
        <Link to="/workspaces">← Workspaces</Link>
      </p>
      <PageHeading id="ws-title" title={`${workspace.name} — Workspaces`}>
        {workspace.name}
      </PageHeading>
      {!canManage && members.data && <p>You are a collaborator here: only its owners and admins can change its members.</p>}
      {owners.length === 1 && (
        <p className="hint" id="last-owner-note">
          {owners[0]?.email} is the only owner: a workspace always keeps one, so add another owner before removing or demoting them.
        </p>
      )}
      {canManage && <AddMember workspace={workspace} onAdded={added} />}
      <ProblemText problem={members.problem} />
      <h2 ref={membersHeading} tabIndex={-1}>
        Members
      </h2>
      <p role="status" className="done">
        {removed}
      </p>
      <TableRegion label="Members">
        <table aria-busy={members.loading || busy}>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {canManage && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <Fragment key={m.userId}>
                <tr>
                  <td>{m.email}</td>
                  <td>
                    {canManage ? (
                      <select
                        aria-label={`Role of ${m.email}`}
                        value={pendingRole?.email === m.email ? pendingRole.role : m.role}
                        aria-disabled={busy}
                        onChange={(e) => void changeRole(m.email, e.target.value as WorkspaceRole)}
                      >
                        <option value="collaborator">{MEMBER_LABEL.collaborator}</option>
                        <option value="owner">{MEMBER_LABEL.owner}</option>
                      </select>
                    ) : (
                      MEMBER_LABEL[m.role]
                    )}
                  </td>
                  {canManage && (
                    <td>
                      <button type="button" aria-disabled={busy} aria-label={`Remove ${m.email}`} onClick={() => void remove(m.email)}>
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
                {rowProblem?.email === m.email && (
                  <tr>
                    <td colSpan={canManage ? 3 : 2}>
                      <ProblemText problem={rowProblem.problem} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {confirm.dialog}
    </section>
  );
}

function AddMember({ workspace, onAdded }: { workspace: Workspace; onAdded: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<WorkspaceRole>('collaborator');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await action.run(async () => (role === 'owner' ? workspace.addOwner(email) : workspace.addUser(email)));
    if (ok) {
      setEmail('');
      setRole('collaborator');
      onAdded();
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="add-title">
      <h2 id="add-title">Add a member</h2>
      <div className="fields">
        <label>
          Member email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          As
          <select value={role} onChange={(e) => setRole(e.target.value as WorkspaceRole)}>
            <option value="collaborator">Collaborator</option>
            <option value="owner">Owner</option>
          </select>
        </label>
        <button type="submit" aria-disabled={action.busy}>
          {action.busy ? 'Adding…' : 'Add member'}
        </button>
      </div>
      <ProblemText problem={action.problem} />
    </form>
  );
}
