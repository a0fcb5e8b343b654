import { z } from 'zod';
import { emailSchema, personNameSchema } from '../../domain/rules.js';
import { keycloakUser } from '../contracts/users.js';

/** Keycloak's clients send null for a field they leave alone. */
function absentIfNull<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((v) => v ?? undefined);
}

/** Keycloak's admin API takes booleans in the query string as words. */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `GET users` and `GET users/count`, with Keycloak's parameter names; others (`briefRepresentation`, ...) are ignored. */
export const usersSearch = z.object({
  email: z.string().max(320).optional().describe('Exactly this email, case-insensitive (Keycloak matches a substring)'),
  username: z.string().max(320).optional().describe('Exactly this username, case-insensitive'),
  search: z.string().trim().max(254).optional().describe('Part of the email, first or last name (of the email alone for non-admins)'),
  exact: flag.optional().describe('Accepted; email and username always match exactly'),
  enabled: flag.optional(),
  first: z.coerce.number().int().min(0).max(1_000_000_000).optional().describe('Users to skip'),
  max: z.coerce.number().int().min(0).max(1000).optional().describe('At most this many (default 100)'),
});

export const userIdParams = z.object({ id: z.string().min(1).max(64) });

/**
 * A user representation as `PUT users/{id}` takes it: the Wallaroo SDK sends back the whole one it
 * fetched. Fields Paddock does not own (`access`, `attributes`, `federatedIdentities`, ...) are
 * ignored; JSON null means absent.
 */
export const userRepresentation = z.object({
  enabled: absentIfNull(z.boolean()),
  email: absentIfNull(emailSchema),
  username: absentIfNull(z.string().max(320)).describe('The email, in Paddock: alone it changes the email; beside a different email it is refused'),
  firstName: absentIfNull(personNameSchema),
  lastName: absentIfNull(personNameSchema),
});

export { keycloakUser };
