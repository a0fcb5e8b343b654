import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AuditQuery } from '@paddock/sdk';
import { NeedAdmin } from '../components/NeedAdmin.js';
import { currentCursor, firstPage, nextPage, Pager, previousPage } from '../components/Pager.js';
import { ProblemText } from '../components/ProblemText.js';
import { useDashboard } from '../context.js';
import { useLoad } from '../hooks.js';
import { AuditTable } from './AuditTable.js';
import { PageHeading } from '../components/PageHeading.js';

const PAGE_SIZE = 25;
const ACTIONS = [
  'user.create',
  'user.activate',
  'user.deactivate',
  'user.set_role',
  'workspace.create',
  'workspace.add_member',
  'workspace.set_member_role',
  'workspace.remove_member',
  'session.revoke',
  'session.revoke_all',
  'user.change_password',
  'license.install',
];

interface Filter {
  actor: string;
  action: string;
  target: string;
  since: string;
  until: string;
}

const EMPTY: Filter = { actor: '', action: '', target: '', since: '', until: '' };

/** Dates are whole days in the browser's time zone: "until" includes that day. */
function toQuery(f: Filter): AuditQuery {
  const day = 86_400_000;
  return {
    ...(f.actor.trim() && { actor: f.actor.trim() }),
    ...(f.action.trim() && { action: f.action.trim() }),
    ...(f.target.trim() && { target: f.target.trim() }),
    ...(f.since && { since: new Date(`${f.since}T00:00:00`) }),
    ...(f.until && { until: new Date(new Date(`${f.until}T00:00:00`).getTime() + day - 1) }),
  };
}

export function AuditPage() {
  const { person } = useDashboard();
  if (!person.admin) return <NeedAdmin what="Audit log" />;
  return <AuditLog />;
}

function AuditLog() {
  const { client } = useDashboard();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [pages, setPages] = useState(firstPage);
  const cursor = currentCursor(pages);
  const page = useLoad(async () => client.queryAudit({ ...toQuery(filter), limit: PAGE_SIZE, ...(cursor !== undefined && { cursor }) }), [client, filter, cursor]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(draft);
    setPages(firstPage);
  };
  const field = (name: keyof Filter) => ({ value: draft[name], onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value }) });

  return (
    <section aria-labelledby="audit-title">
      <PageHeading id="audit-title" title="Audit log" />
      <form className="toolbar" role="search" aria-label="Filter the audit log" onSubmit={apply}>
        <label>
          Actor
          <input {...field('actor')} placeholder="Email or user id" />
        </label>
        <label>
          Action
          <input {...field('action')} list="audit-actions" placeholder="e.g. user.deactivate" />
          <datalist id="audit-actions">
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          Target
          <input {...field('target')} placeholder="Email, workspace name or id" />
        </label>
        <label>
          From
          <input type="date" {...field('since')} />
        </label>
        <label>
          Until
          <input type="date" {...field('until')} />
        </label>
        <button type="submit">Filter</button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY);
            setFilter(EMPTY);
            setPages(firstPage);
          }}
        >
          Clear
        </button>
      </form>
      <ProblemText problem={page.problem} />
      <AuditTable events={page.data?.events ?? []} busy={page.loading} />
      <Pager
        label="Audit log"
        page={pages.cursors.length}
        pages={null}
        onPrevious={() => setPages(previousPage)}
        onNext={page.data?.nextCursor ? () => setPages((p) => nextPage(p, page.data?.nextCursor ?? '')) : null}
      />
    </section>
  );
}
