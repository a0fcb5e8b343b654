import { AppError } from '../errors.js';

/** Who is asking: a signed-in user, a confidential client acting for itself, or Paddock itself. */
export type Actor =
  | { kind: 'user'; id: string; email: string; role: 'admin' | 'user' }
  | { kind: 'client'; id: string; role: 'admin' | 'user' }
  | { kind: 'system' };

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'system' || actor.role === 'admin';
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
  }
}
