import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { AccountClaims } from 'oidc-provider';
import { freePort } from '../support/process.js';

/**
 * A second, real OpenID provider (oidc-provider) on loopback, standing in for a company's identity
 * provider in the SSO tests. Its login and consent are decided by the test (`next`), not by a
 * person: whoever the test names signs in, or the sign-in is denied.
 */
export interface UpstreamProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in on the next authorization: an account id of `accounts`, or 'deny'. */
  next: { account: string };
  /** Claims by account id (their `sub` is the id); tests add and change them freely. */
  accounts: Map<string, Omit<AccountClaims, 'sub'>>;
  close(): Promise<void>;
}

export async function startUpstreamProvider(redirectUris: string[]): Promise<UpstreamProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'paddock';
  const clientSecret = 'upstream-client-secret-0123456789';
  const accounts = new Map<string, Omit<AccountClaims, 'sub'>>();
  const next = { account: '' };
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });

  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'upstream' }] },
    cookies: { keys: ['upstream-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const claims = accounts.get(sub);
      return claims && { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
  });
  const handle = provider.callback() as (req: IncomingMessage, res: ServerResponse) => Promise<void>;

  async function interact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (next.account === 'deny') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'denied by the test' }, { mergeWithLastSubmission: false });
      return;
    }
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(req, res, { login: { accountId: next.account } }, { mergeWithLastSubmission: false });
      return;
    }
    const accountId = details.session?.accountId ?? next.account;
    const grant = new provider.Grant({ accountId, clientId });
    grant.addOIDCScope('openid email profile');
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  const server: Server = createServer((req, res) => {
    const work = /^\/interaction\/[\w-]+$/.test(req.url ?? '') ? interact(req, res) : handle(req, res);
    work.catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    issuer,
    clientId,
    clientSecret,
    next,
    accounts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
