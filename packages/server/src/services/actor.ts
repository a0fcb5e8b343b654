import { AppError } from '../errors.js';

/**
 * Who is asking: a signed-in user, a confidential client acting for itself, Paddock itself, or one
 * of Paddock's policies acting on its own (audited as `policy:<name>`).
 */
export type Actor =
  | { kind: 'user'; id: string; email: string; role: 'admin' | 'user' }
  | { kind: 'client'; id: string; role: 'admin' | 'user' }
  | { kind: 'system' }
  /**
   * An identity provider calling with a SCIM token: it manages users and groups as an admin would,
   * and only through the SCIM endpoints (the one place this actor is made). `ownerId` is the admin
   * who created the token: the owner of the workspaces its groups create.
   */
  | { kind: 'scim'; id: string; name: string; ownerId: string }
  | { kind: 'policy'; name: PolicyName };

/** A who-did-what label that names a SCIM token in the audit trail. */
export const SCIM_ACTOR_PREFIX = 'scim:';

/** `seat-reclaim` deactivates idle users; `floating-seats` reactivates them when they sign in again. */
export type PolicyName = 'seat-reclaim' | 'floating-seats';

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'system' || actor.kind === 'scim' || actor.kind === 'policy' || actor.role === 'admin';
}

export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'This needs the admin role.');
}

export function actorRef(actor: Actor): { id: string | null; label: string } {
  switch (actor.kind) {
    case 'user':
      return { id: actor.id, label: actor.email };
    case 'client':
      return { id: null, label: `client:${actor.id}` };
    case 'system':
      return { id: null, label: 'system' };
    case 'scim':
      return { id: null, label: `${SCIM_ACTOR_PREFIX}${actor.name}` };
    case 'policy':
      return { id: null, label: `policy:${actor.name}` };
  }
}
