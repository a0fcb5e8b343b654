import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { currentCursor, firstPage, nextPage, Pager, previousPage } from '../components/Pager.js';
import { ProblemText } from '../components/ProblemText.js';
import { useDashboard } from '../context.js';
import { formatCount, MEMBER_LABEL } from '../format.js';
import { useAction, useLoad } from '../hooks.js';
import { Link, navigate } from '../router.js';
import { PageHeading } from '../components/PageHeading.js';
import { TableRegion } from '../components/TableRegion.js';

const PAGE_SIZE = 25;
/** The server's rule (DNS-style), repeated here only to explain it while the name is typed. */
const NAME_RULE = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const NAME_RULE_TEXT = 'A name starts with a lower-case letter, holds only a–z, 0–9 and "-", does not end in "-", and has at most 63 characters.';

export function WorkspacesPage() {
  const { client, person } = useDashboard();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [pages, setPages] = useState(firstPage);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(typed.trim());
      setPages(firstPage);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const cursor = currentCursor(pages);
  const page = useLoad(
    async () => client.workspaceOverview({ limit: PAGE_SIZE, ...(search !== '' && { search }), ...(cursor !== undefined && { cursor }) }),
    [client, search, cursor],
  );

  const shown = page.data?.workspaces.length ?? 0;
  const found =
    search === '' || page.loading || !page.data
      ? ''
      : `${formatCount(shown)}${page.data.nextCursor ? ' or more' : ''} ${shown === 1 && !page.data.nextCursor ? 'workspace' : 'workspaces'} found`;
  return (
    <section aria-labelledby="workspaces-title">
      <PageHeading id="workspaces-title" title="Workspaces" />
      {!person.admin && <p>Your workspaces. You can manage the members of those you own.</p>}
      <CreateWorkspace />
      <div className="toolbar" role="search">
        <label>
          Search workspaces
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Part of the name" />
        </label>
      </div>
      <p className="visually-hidden" role="status" id="workspaces-found">
        {found}
      </p>
      <ProblemText problem={page.problem} />
      <TableRegion label="Workspaces">
        <table aria-busy={page.loading}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Owners</th>
              <th scope="col">Members</th>
              <th scope="col">Your role</th>
            </tr>
          </thead>
          <tbody>
            {page.data?.workspaces.map((w) => (
              <tr key={w.workspace.id}>
                <td>
                  <Link to={`/workspaces/${encodeURIComponent(w.workspace.name)}`}>{w.workspace.name}</Link>
                </td>
                <td>{w.owners.map((o) => o.email).join(', ')}</td>
                <td>{formatCount(w.memberCount)}</td>
                <td>{w.role ? MEMBER_LABEL[w.role] : '—'}</td>
              </tr>
            ))}
            {page.data?.workspaces.length === 0 && (
              <tr>
                <td colSpan={4}>No workspace matches.</td>
              </tr>
            )}
          </tbody>
        </table>
      </TableRegion>
      <Pager
        label="Workspaces"
        page={pages.cursors.length}
        pages={null}
        onPrevious={() => setPages(previousPage)}
        onNext={page.data?.nextCursor ? () => setPages((p) => nextPage(p, page.data?.nextCursor ?? '')) : null}
      />
    </section>
  );
}

function CreateWorkspace() {
  const { client } = useDashboard();
  const [name, setName] = useState('');
  const action = useAction();
  const broken = name !== '' && !NAME_RULE.test(name);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await action.run(async () => {
      await client.createWorkspace(name);
    });
    if (ok) navigate(`/workspaces/${encodeURIComponent(name)}`);
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="create-title">
      <h2 id="create-title">Create a workspace</h2>
      <div className="fields">
        <label>
          Workspace name
          <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={broken} aria-describedby="name-rule" required />
        </label>
        <button type="submit" aria-disabled={action.busy}>
          {action.busy ? 'Creating…' : 'Create'}
        </button>
      </div>
      <p id="name-rule" className={broken ? 'hint broken' : 'hint'}>
        {NAME_RULE_TEXT}
      </p>
      <ProblemText problem={action.problem} />
    </form>
  );
}
