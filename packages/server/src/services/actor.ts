import { AppError } from '../errors.js';

/**
 * Who is asking: a signed-in user, a confidential client acting for itself, Paddock itself, or one
 * of Paddock's policies acting on its own (audited as `policy:<name>`).
 */
export type Actor =
  | { kind: 'user'; id: string; email: string; role: 'admin' | 'user' }
  | { kind: 'client'; id: string; role: 'admin' | 'user' }
  | { kind: 'system' }
  | { kind: 'policy'; name: PolicyName };

/** `seat-reclaim` deactivates idle users; `floating-seats` reactivates them when they sign in again. */
export type PolicyName = 'seat-reclaim' | 'floating-seats';

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'system' || actor.kind === 'policy' || actor.role === 'admin';
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
    case 'policy':
      return { id: null, label: `policy:${actor.name}` };
  }
}
