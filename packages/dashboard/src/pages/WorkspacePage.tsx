import { Fragment, useState } from 'react';
import type { FormEvent } from 'react';
import type { Workspace, WorkspaceRole } from '@paddock/sdk';
import { ProblemText } from '../components/ProblemText.js';
import { useDashboard } from '../context.js';
import { problemOf } from '../errors.js';
import type { Problem } from '../errors.js';
import { MEMBER_LABEL } from '../format.js';
import { useAction, useLoad } from '../hooks.js';
import { Link } from '../router.js';

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
  const list = members.data ?? [];
  const owners = list.filter((m) => m.role === 'owner');
  const canManage = person.admin || owners.some((o) => o.userId === person.id);

  const change = async (email: string, call: () => Promise<void>) => {
    setBusy(true);
    setRowProblem(null);
    try {
      await call();
    } catch (err) {
      setRowProblem({ email, problem: problemOf(err) });
    } finally {
      setBusy(false);
      members.reload();
    }
  };

  return (
    <section aria-labelledby="ws-title">
      <p>
        <Link to="/workspaces">← Workspaces</Link>
      </p>
      <h1 id="ws-title">{workspace.name}</h1>
      {!canManage && members.data && <p>You are a collaborator here: only its owners and admins can change its members.</p>}
      {owners.length === 1 && (
        <p className="hint" id="last-owner-note">
          {owners[0]?.email} is the only owner: a workspace always keeps one, so add another owner before removing or demoting them.
        </p>
      )}
      {canManage && <AddMember workspace={workspace} onAdded={members.reload} />}
      <ProblemText problem={members.problem} />
      <h2>Members</h2>
      <div className="table-wrap">
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
                        value={m.role}
                        disabled={busy}
                        onChange={(e) => void change(m.email, async () => workspace.setUserRole(m.email, e.target.value as WorkspaceRole))}
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
                      <button type="button" disabled={busy} aria-label={`Remove ${m.email}`} onClick={() => void change(m.email, async () => workspace.removeUser(m.email))}>
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
      </div>
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
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Adding…' : 'Add member'}
        </button>
      </div>
      <ProblemText problem={action.problem} />
    </form>
  );
}
