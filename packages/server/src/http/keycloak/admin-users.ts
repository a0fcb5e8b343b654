import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { normalizeEmail } from '../../domain/rules.js';
import { assertFound, assertThat } from '../../errors.js';
import type { ErrorCode } from '../../errors.js';
import type { UserFilter } from '../../queries/user-listing.js';
import { isAdmin } from '../../services/actor.js';
import type { Actor } from '../../services/actor.js';
import type { UsersService } from '../../services/users.js';
import type { ActorResolver } from '../auth.js';
import { requireActor } from '../auth.js';
import { installErrorHandling } from '../errors.js';
import { presentUser } from '../present.js';
import { keycloakUser, userIdParams, userRepresentation, usersSearch } from './contracts.js';

/** Where Keycloak serves the admin API of Paddock's one realm. */
export const KEYCLOAK_ADMIN_PREFIX = '/auth/admin/realms/master';

const DEFAULT_MAX = 100;

/** Keycloak's error body, `{error, errorMessage}`, with Paddock's machine code as `error`. */
export function keycloakErrorBody(code: ErrorCode, _status: number, msg: string, extra?: Record<string, unknown>) {
  return { error: code, errorMessage: msg, ...extra };
}

function filterOf(q: z.output<typeof usersSearch>): UserFilter {
  return {
    ...(q.email !== undefined && { email: normalizeEmail(q.email) }),
    ...(q.username !== undefined && { username: normalizeEmail(q.username) }),
    ...(q.search && { search: q.search }),
    ...(q.enabled !== undefined && { status: q.enabled ? 'active' : 'inactive' }),
  };
}

/**
 * The subset of Keycloak's admin REST API that the Wallaroo SDK and Keycloak-era scripts use on
 * users: an adapter over the users service, with the caller's bearer token. Every signed-in caller
 * may look users up (seeing what `users/query` shows them); only admins change them.
 */
export function keycloakAdminRoutes(users: UsersService, resolve: ActorResolver) {
  return async (app: FastifyInstance): Promise<void> => {
    installErrorHandling(app, { shape: keycloakErrorBody });
    app.addHook('onRequest', requireActor(resolve));
    const api = app.withTypeProvider<ZodTypeProvider>();
    const actorOf = (request: { actor: Actor | null }) => request.actor as Actor;
    const tags = ['keycloak admin API'];
    const security = [{ bearer: [] }];

    api.get(
      '/users',
      { schema: { tags, security, summary: 'Users matching the query (email and username match exactly)', querystring: usersSearch, response: { 200: z.array(keycloakUser) } } },
      async (request) => {
        const actor = actorOf(request);
        const q = request.query;
        const rows = await users.list(actor, { ...filterOf(q), offset: q.first ?? 0, limit: q.max ?? DEFAULT_MAX });
        return rows.map((u) => presentUser(u, isAdmin(actor)));
      },
    );

    api.get(
      '/users/count',
      { schema: { tags, security, summary: 'How many users match the query', querystring: usersSearch.omit({ first: true, max: true }), response: { 200: z.number().int() } } },
      async (request) => users.countListed(actorOf(request), filterOf(request.query)),
    );

    api.get(
      '/users/:id',
      { schema: { tags, security, summary: 'One user by id', params: userIdParams, response: { 200: keycloakUser } } },
      async (request) => {
        const user = assertFound(await users.getById(request.params.id), 'USER_NOT_FOUND', `No user has the id ${request.params.id}.`);
        return presentUser(user, isAdmin(actorOf(request)));
      },
    );

    api.put(
      '/users/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Change a user (admins): enabled activates or deactivates, seat check included; email, firstName, lastName',
          params: userIdParams,
          body: userRepresentation,
          response: { 204: z.null().describe('Changed') },
        },
      },
      async (request, reply) => {
        const body = request.body;
        // The username is the email in Paddock: either names the new one, and they must agree.
        const username = body.username === undefined ? undefined : normalizeEmail(body.username);
        const email = body.email ?? username;
        assertThat(username === undefined || username === email, 'VALIDATION_FAILED', 'username: is the email in Paddock; send the same value or leave it out.');
        await users.update(actorOf(request), { id: request.params.id }, {
          status: body.enabled === undefined ? undefined : body.enabled ? 'active' : 'inactive',
          email,
          firstName: body.firstName,
          lastName: body.lastName,
        });
        return reply.status(204).send(null);
      },
    );
  };
}
