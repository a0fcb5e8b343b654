import { useState } from 'react';
import type { FormEvent } from 'react';
import { NeedAdmin } from '../components/NeedAdmin.js';
import { Outcome } from '../components/Outcome.js';
import { useDashboard } from '../context.js';
import { formatCount } from '../format.js';
import { useAction } from '../hooks.js';
import { PageHeading } from '../components/PageHeading.js';

const SOURCE = { uploaded: 'uploaded (stored in the database)', PADDOCK_LICENSE: 'PADDOCK_LICENSE', none: 'none in force (Community)' } as const;

export function LicensePage() {
  const { person } = useDashboard();
  if (!person.admin) return <NeedAdmin what="Licence" />;
  return <LicenseDetail />;
}

function LicenseDetail() {
  const { client, license, refreshLicense } = useDashboard();
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const action = useAction();

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (file === null) return;
    setDone(null);
    setWarning(null);
    const ok = await action.run(async () => {
      const installed = await client.uploadLicense(await file.text());
      setDone(`Installed: ${installed.edition === 'enterprise' ? 'Enterprise' : 'Community'}, ${installed.seats === null ? 'unlimited' : formatCount(installed.seats)} seats, for ${installed.licensee ?? '—'}.`);
      setWarning(installed.warning);
    });
    if (ok) refreshLicense();
  };

  return (
    <section aria-labelledby="license-title">
      <PageHeading id="license-title" title="Licence" />
      {license === null ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <>
          {license.setAside.map((s) => (
            <p className="warning" role="alert" key={s.source} data-reason={s.reason}>
              {s.source === 'uploaded' ? 'The uploaded licence' : 'The licence in PADDOCK_LICENSE'} is not used: {s.message}
              {s.reason === 'BAD_SIGNATURE' && ' (was PADDOCK_LICENSE_PUBLIC_KEY changed?)'}.
            </p>
          ))}
          <dl className="facts">
            <dt>Edition</dt>
            <dd>{license.edition === 'enterprise' ? 'Enterprise' : 'Community'}</dd>
            <dt>Licensee</dt>
            <dd>{license.licensee ?? '—'}</dd>
            <dt>Seats</dt>
            <dd>{license.seats === null ? 'unlimited' : formatCount(license.seats)}</dd>
            <dt>Active users</dt>
            <dd>{formatCount(license.activeUsers)}</dd>
            <dt>Seats left</dt>
            <dd>{license.seatsLeft === null ? 'unlimited' : formatCount(license.seatsLeft)}</dd>
            {license.overBy > 0 && (
              <>
                <dt>Over the licence</dt>
                <dd className="over" data-testid="over-by">
                  {formatCount(license.overBy)}: deactivate {formatCount(license.overBy + 1)} users before anyone can be activated
                </dd>
              </>
            )}
            <dt>Source</dt>
            <dd>{SOURCE[license.source]}</dd>
            <dt>Expires</dt>
            <dd>{license.expiresAt ? license.expiresAt.toISOString().slice(0, 10) : 'never'}</dd>
          </dl>
        </>
      )}
      <form className="panel" onSubmit={(e) => void upload(e)} aria-labelledby="upload-title">
        <h2 id="upload-title">Install a licence</h2>
        <p>A licence file from your Paddock vendor. It is checked against the trusted key, then applies to every Paddock process at once.</p>
        <div className="fields">
          <label>
            Licence file
            <input type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
          <button type="submit" aria-disabled={action.busy}>
            {action.busy ? 'Installing…' : 'Install licence'}
          </button>
        </div>
        <Outcome problem={action.problem} done={done} />
        {warning !== null && (
          <p className="warning" role="alert" data-testid="licence-warning">
            {warning}
          </p>
        )}
      </form>
    </section>
  );
}
