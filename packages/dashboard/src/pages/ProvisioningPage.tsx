import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { NewScimToken, ScimToken } from '@paddock/sdk';
import { useConfirm } from '../components/Confirm.js';
import { NeedAdmin } from '../components/NeedAdmin.js';
import { Outcome } from '../components/Outcome.js';
import { PageHeading } from '../components/PageHeading.js';
import { ProblemText } from '../components/ProblemText.js';
import { TableRegion } from '../components/TableRegion.js';
import { useDashboard } from '../context.js';
import { formatTime } from '../format.js';
import { useAction, useLoad } from '../hooks.js';

/** SCIM provisioning: where identity providers connect, and the tokens they connect with. */
export function ProvisioningPage() {
  const { person } = useDashboard();
  if (!person.admin) return <NeedAdmin what="Provisioning" />;
  return <ScimTokens />;
}

function ScimTokens() {
  const { client } = useDashboard();
  const tokens = useLoad(async () => client.listScimTokens(), [client]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<NewScimToken | null>(null);
  const create = useAction();
  const revoke = useAction();
  const confirm = useConfirm();
  const heading = useRef<HTMLHeadingElement>(null);
  const baseUrl = `${window.location.origin}/scim/v2`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const ok = await create.run(async () => {
      setCreated(await client.createScimToken(name.trim()));
    });
    if (ok) {
      setName('');
      tokens.reload();
    }
  };

  const revokeToken = async (t: ScimToken) => {
    if (revoke.busy) return;
    const question = `Revoke the SCIM token ${t.name}? The identity provider that holds it can no longer create, change or deactivate users until it gets a new one.`;
    if (!(await confirm.ask(question, 'Revoke token'))) return;
    const ok = await revoke.run(async () => {
      await client.revokeScimToken(t.id);
    });
    tokens.reload();
    if (ok) heading.current?.focus();
  };

  return (
    <section aria-labelledby="provisioning-title">
      <PageHeading id="provisioning-title" title="Provisioning" />
      <p>
        Okta and Entra ID create, update, deactivate and group users through SCIM 2.0. In the identity provider, set the SCIM base URL to{' '}
        <code data-testid="scim-base-url">{baseUrl}</code> and authenticate with a bearer token made here. Users they manage show the source SCIM.
      </p>
      <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="new-token-title">
        <h2 id="new-token-title">New SCIM token</h2>
        <div className="fields">
          <label>
            Name (which provider holds it)
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={63} placeholder="okta" autoComplete="off" />
          </label>
        </div>
        <p>
          <button type="submit" aria-disabled={create.busy}>
            Create token
          </button>
        </p>
        <Outcome problem={create.problem} done={created && `Created ${created.token.name}. Copy the token now: it is not shown again.`} />
        {created && (
          <p className="secret">
            <label>
              Token for {created.token.name}
              <input readOnly value={created.secret} data-testid="scim-secret" onFocus={(e) => e.target.select()} />
            </label>
          </p>
        )}
      </form>
      <h2 id="scim-tokens" ref={heading} tabIndex={-1}>
        SCIM tokens
      </h2>
      <ProblemText problem={tokens.problem ?? revoke.problem} />
      <TableRegion label="SCIM tokens">
        <table aria-busy={tokens.loading}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Created by</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data?.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{formatTime(t.createdAt)}</td>
                <td>{t.createdBy}</td>
                <td>{formatTime(t.lastUsedAt)}</td>
                <td>{t.revokedAt === null ? 'Active' : `Revoked ${formatTime(t.revokedAt)}`}</td>
                <td>
                  {t.revokedAt === null && (
                    <button type="button" aria-disabled={revoke.busy} aria-label={`Revoke the SCIM token ${t.name}`} onClick={() => void revokeToken(t)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {tokens.data?.length === 0 && (
              <tr>
                <td colSpan={6}>No SCIM tokens yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </TableRegion>
      {confirm.dialog}
    </section>
  );
}
