import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../services/actor.js';
import type { ScimGroup, ScimService } from '../../services/scim.js';
import type { GroupChanges } from '../../services/workspaces.js';
import { listOf } from './discovery.js';
import { groupFromResource, patchGroup } from './group-input.js';
import type { GroupRequest } from './group-input.js';
import { patchOperations } from './input.js';
import { listingOf, projectionOf } from './listing.js';
import { GROUP_SCHEMA, presentScimGroup, project, wants } from './resources.js';

type IdParams = { Params: { id: string } };

const actorOf = (request: { actor: Actor | null }) => request.actor as Actor;

function changesOf(req: GroupRequest): Omit<GroupChanges, 'source' | 'scimDeleted'> {
  const m = req.members;
  return {
    ...(req.name !== undefined && { name: req.name }),
    ...(req.externalId !== undefined && { externalId: req.externalId }),
    members: m.replaceWith ? { replaceWith: [...m.replaceWith] } : { add: [...m.add], remove: [...m.remove] },
  };
}

/** `/Groups`: workspaces, through the SCIM service over the workspaces service's rules. */
export function scimGroupRoutes(app: FastifyInstance, scim: ScimService, base: string): void {
  const present = (g: ScimGroup, withMembers = true) => presentScimGroup(g, base, withMembers);

  app.get('/Groups', async (request) => {
    const { listing, projection } = listingOf(request.query, GROUP_SCHEMA);
    const withMembers = wants(projection, 'members');
    const { total, groups } = await scim.listGroups(actorOf(request), listing, withMembers);
    return listOf(groups.map((g) => project(present(g, withMembers), projection)), total, listing.startIndex);
  });

  app.get<IdParams>('/Groups/:id', async (request) => {
    const projection = projectionOf(request.query, GROUP_SCHEMA);
    const withMembers = wants(projection, 'members');
    return project(present(await scim.getGroup(actorOf(request), request.params.id, withMembers), withMembers), projection);
  });

  app.post('/Groups', async (request, reply) => {
    const req = groupFromResource(request.body);
    const group = await scim.createGroup(actorOf(request), { name: req.name ?? '', externalId: req.externalId, members: [...(req.members.replaceWith ?? [])] });
    return reply.status(201).header('location', `${base}/Groups/${group.workspace.id}`).send(present(group));
  });

  app.put<IdParams>('/Groups/:id', async (request) => {
    const req = groupFromResource(request.body);
    return present(await scim.changeGroup(actorOf(request), request.params.id, changesOf(req)));
  });

  app.patch<IdParams>('/Groups/:id', async (request) => {
    const req = patchGroup(patchOperations(request.body));
    return present(await scim.changeGroup(actorOf(request), request.params.id, changesOf(req)));
  });

  app.delete<IdParams>('/Groups/:id', async (request, reply) => {
    await scim.deleteGroup(actorOf(request), request.params.id);
    return reply.status(204).send();
  });
}
