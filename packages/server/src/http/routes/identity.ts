import type { FastifyInstance } from 'fastify';
import type { ServiceAccountsService } from '../../services/service-accounts.js';
import type { SessionsService } from '../../services/sessions.js';
import { mount } from '../contract.js';
import {
  serviceAccountsCreate,
  serviceAccountsDelete,
  serviceAccountsList,
  serviceAccountsRotate,
  sessionsList,
  sessionsRevoke,
  sessionsRevokeAll,
} from '../contracts/identity.js';
import { presentServiceAccount, presentSession } from '../present.js';

export function identityRoutes(app: FastifyInstance, s: { serviceAccounts: ServiceAccountsService; sessions: SessionsService }): void {
  mount(app, serviceAccountsCreate, async (body, actor) => {
    const { account, secret } = await s.serviceAccounts.create(actor, { name: body.name, role: body.role, description: body.description });
    return { client_id: account.client_id, client_secret: secret };
  });

  mount(app, serviceAccountsList, async (_body, actor) => ({
    service_accounts: (await s.serviceAccounts.list(actor)).map(presentServiceAccount),
  }));

  mount(app, serviceAccountsRotate, async (body, actor) => ({ client_secret: await s.serviceAccounts.rotate(actor, body.client_id) }));

  mount(app, serviceAccountsDelete, async (body, actor) => {
    await s.serviceAccounts.delete(actor, body.client_id);
    return {};
  });

  mount(app, sessionsList, async (body, actor) => ({ sessions: (await s.sessions.list(actor, body.email)).map(presentSession) }));

  mount(app, sessionsRevoke, async (body, actor) => {
    await s.sessions.revoke(actor, body.id);
    return {};
  });

  mount(app, sessionsRevokeAll, async (body, actor) => ({ revoked: await s.sessions.revokeAll(actor, body.email) }));
}
