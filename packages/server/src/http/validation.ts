import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * Wallaroo's clients may POST no body for `{}`, and Python clients send `None` as null for fields
 * they leave out: both mean "absent". Anything that is not an object is left for the schema to refuse.
 */
function withoutNulls(body: unknown): unknown {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) return body;
  for (const key in body) {
    if ((body as Record<string, unknown>)[key] === null) return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
  }
  return body;
}

/**
 * The zod validators of every route, where an API call's body (`/v1/api/*`) is read `withoutNulls`
 * first: in the validator rather than in a hook of its own, since each hook costs every request
 * a pass of Fastify's hook runner.
 */
export const apiValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = validatorCompiler(route);
  if (route.httpPart !== 'body' || !route.url.startsWith('/v1/api/')) return validate;
  return (body) => validate(withoutNulls(body));
};
