import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../services/actor.js';
import type { ScimService } from '../../services/scim.js';
import { listOf } from './discovery.js';
import { patchOperations } from './input.js';
import { listingOf, projectionOf } from './listing.js';
import { presentScimUser, project, USER_SCHEMA } from './resources.js';
import { patchUser, userFromResource, userState } from './user-input.js';
import type { UserState } from './user-input.js';

type IdParams = { Params: { id: string } };

const actorOf = (request: { actor: Actor | null }) => request.actor as Actor;

function changesOf(next: UserState, current?: UserState) {
  return {
    email: next.userName,
    firstName: next.givenName,
    lastName: next.familyName,
    status: next.active ? ('active' as const) : ('inactive' as const),
    ...((current === undefined || next.externalId !== current.externalId) && { externalId: next.externalId }),
  };
}

/** `/Users`: a thin adapter over the SCIM service (and through it, the users service's rules). */
export function scimUserRoutes(app: FastifyInstance, scim: ScimService, base: string): void {
  const present = (u: Parameters<typeof presentScimUser>[0]) => presentScimUser(u, base);

  app.get('/Users', async (request) => {
    const { listing, projection } = listingOf(request.query, USER_SCHEMA);
    const { total, rows } = await scim.listUsers(actorOf(request), listing);
    return listOf(rows.map((u) => project(present(u), projection)), total, listing.startIndex);
  });

  app.get<IdParams>('/Users/:id', async (request) => project(present(await scim.getUser(actorOf(request), request.params.id)), projectionOf(request.query, USER_SCHEMA)));

  app.post('/Users', async (request, reply) => {
    const state = userFromResource(request.body);
    const user = await scim.createUser(actorOf(request), {
      email: state.userName,
      firstName: state.givenName,
      lastName: state.familyName,
      externalId: state.externalId,
      active: state.active,
    });
    const resource = present(user);
    return reply.status(201).header('location', `${base}/Users/${user.id}`).send(resource);
  });

  app.put<IdParams>('/Users/:id', async (request) => {
    const actor = actorOf(request);
    const current = userState(await scim.getUser(actor, request.params.id));
    const next = userFromResource(request.body, current);
    return present(await scim.changeUser(actor, request.params.id, changesOf(next, current)));
  });

  app.patch<IdParams>('/Users/:id', async (request) => {
    const actor = actorOf(request);
    const ops = patchOperations(request.body);
    const current = userState(await scim.getUser(actor, request.params.id));
    return present(await scim.changeUser(actor, request.params.id, changesOf(patchUser(current, ops), current)));
  });

  app.delete<IdParams>('/Users/:id', async (request, reply) => {
    await scim.deleteUser(actorOf(request), request.params.id);
    return reply.status(204).send();
  });
}
