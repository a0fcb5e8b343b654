import { useCallback, useEffect, useMemo, useState } from 'react';
import { Client, PaddockError } from '@paddock/sdk';
import type { License, TokenAuth } from '@paddock/sdk';
import { forgetSession, storeTokens } from './auth.js';
import type { Session } from './auth.js';
import { PageHeading } from './components/PageHeading.js';
import { SeatMeter } from './components/SeatMeter.js';
import { DashboardContext } from './context.js';
import type { Dashboard } from './context.js';
import { AuditPage } from './pages/AuditPage.js';
import { LicensePage } from './pages/LicensePage.js';
import { ProvisioningPage } from './pages/ProvisioningPage.js';
import { SeatsPage } from './pages/SeatsPage.js';
import { UserPage } from './pages/UserPage.js';
import { UsersPage } from './pages/UsersPage.js';
import { WorkspacePage } from './pages/WorkspacePage.js';
import { WorkspacesPage } from './pages/WorkspacesPage.js';
import { Link, navigate, useLocation } from './router.js';

const NAV = [
  { to: '/users', label: 'Users', admin: true },
  { to: '/workspaces', label: 'Workspaces', admin: false },
  { to: '/audit', label: 'Audit log', admin: true },
  { to: '/license', label: 'Licence', admin: true },
  { to: '/provisioning', label: 'Provisioning', admin: true },
] as const;

function Page({ path }: { path: string }) {
  const [, section, id] = path.split('/').map(decodeURIComponent);
  switch (section) {
    case 'users':
      return id ? <UserPage userId={id} /> : <UsersPage />;
    case 'workspaces':
      return id ? <WorkspacePage name={id} /> : <WorkspacesPage />;
    case 'audit':
      return <AuditPage />;
    case 'license':
      return <LicensePage />;
    case 'provisioning':
      return <ProvisioningPage />;
    case 'seats':
      return <SeatsPage />;
    default:
      return (
        <section>
          <PageHeading id="not-found" title="Not found" />
          <p>
            This page does not exist. <Link to="/">Go to the start page</Link>.
          </p>
        </section>
      );
  }
}

/** The stored tokens as the SDK takes them: it refreshes them (as the `dashboard` client) and hands back new ones. */
function tokenAuth({ tokens }: Session): TokenAuth {
  return {
    type: 'token',
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken !== null && { refreshToken: tokens.refreshToken }),
    ...(tokens.expiresAt !== null && { expiresAt: tokens.expiresAt }),
    ...(tokens.refreshExpiresAt !== null && { refreshExpiresAt: tokens.refreshExpiresAt }),
  };
}

export function App({ session, onSignedOut }: { session: Session; onSignedOut: (why: string | null) => void }) {
  const { person } = session;
  const client = useMemo(
    () =>
      new Client({
        url: window.location.origin,
        clientId: 'dashboard',
        auth: tokenAuth(session),
        onTokens: (tokens) => storeTokens(person, tokens),
      }),
    [session, person],
  );
  const [license, setLicense] = useState<License | null>(null);
  const refreshLicense = useCallback(() => {
    if (!person.admin) return;
    client.getLicense().then(setLicense, (err: unknown) => {
      if (err instanceof PaddockError && err.code === 'UNAUTHENTICATED') onSignedOut(err.message);
    });
  }, [client, person.admin, onSignedOut]);
  useEffect(refreshLicense, [refreshLicense]);

  const signOut = useCallback(() => {
    void client.logout().finally(() => {
      forgetSession();
      onSignedOut(null);
    });
  }, [client, onSignedOut]);

  const location = useLocation();
  const path = location.pathname;
  useEffect(() => {
    if (path === '/') navigate(person.admin ? '/users' : '/workspaces', { replace: true });
  }, [path, person.admin]);

  const dashboard: Dashboard = { client, person, license, refreshLicense, signOut };
  return (
    <DashboardContext.Provider value={dashboard}>
      <a className="skip" href="#main">
        Skip to the page
      </a>
      <header>
        <Link to="/" className="brand">
          Paddock
        </Link>
        <nav aria-label="Sections">
          {NAV.filter((n) => person.admin || !n.admin).map((n) => (
            <Link key={n.to} to={n.to} aria-current={path.startsWith(n.to) ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <SeatMeter license={license} />
        <div className="me">
          <span title={person.admin ? 'admin' : 'user'}>{person.email}</span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {path === '/' ? null : <Page key={path} path={path} />}
      </main>
    </DashboardContext.Provider>
  );
}
