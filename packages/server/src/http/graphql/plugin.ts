import type { FastifyInstance, FastifyReply } from 'fastify';
import mercurius from 'mercurius';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { Actor } from '../../services/actor.js';
import type { WorkspacesService } from '../../services/workspaces.js';
import type { ActorResolver } from '../auth.js';
import { requireActor } from '../auth.js';
import { formatGraphqlErrors } from './errors.js';
import { graphqlResolvers } from './resolvers.js';
import type { GraphqlContext } from './resolvers.js';
import { WALLAROO_SCHEMA } from './schema.js';

export const GRAPHQL_PATH = '/v1/graphql';

/**
 * Deep enough for the standard introspection query (graphql-js 16's is 15 deep with its nested type
 * references; some clients nest them further), and no deeper: only introspection types recurse.
 */
export const GRAPHQL_MAX_DEPTH = 20;
/** Tokens of one document: the introspection query has about 160, the SDK's largest operation about 100. */
export const GRAPHQL_MAX_TOKENS = 2000;
export const GRAPHQL_BODY_LIMIT = 64 * 1024;

/** A POST body as GraphQL over HTTP has it (one operation; no batches). */
const graphqlBody = z.object({
  query: z.string().min(1, 'is required'),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().max(200).nullish(),
  extensions: z.record(z.string(), z.unknown()).nullish(),
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks the body before Mercurius reads it (in place of its JSON schemas, which the app's zod
 * validator does not read). A query that is JSON is refused: Mercurius would take it as a syntax tree.
 */
function assertGraphqlBody(body: unknown): void {
  const parsed = graphqlBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new AppError('VALIDATION_FAILED', `${field}: ${issue?.message ?? 'is invalid'}`, { field });
  }
  assertGraphqlText(parsed.data.query);
}

/** The same for a GET's `?query=`, which Mercurius would also take as a syntax tree. */
function assertGraphqlQueryString(query: unknown): void {
  const text = (query as { query?: unknown } | undefined)?.query;
  if (typeof text !== 'string' || text === '') throw new AppError('VALIDATION_FAILED', 'query: is required', { field: 'query' });
  assertGraphqlText(text);
}

function assertGraphqlText(query: string): void {
  if (isJson(query)) throw new AppError('VALIDATION_FAILED', 'query: must be a GraphQL document.', { field: 'query' });
}

/**
 * The Hasura-shaped GraphQL endpoint the Wallaroo SDK reads workspaces through (graphql-js by
 * Mercurius), with the caller's bearer token and the workspaces service's rules.
 */
export function graphqlEndpoint(workspaces: WorkspacesService, resolve: ActorResolver) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', requireActor(resolve));
    app.setValidatorCompiler(() => (value: unknown) => ({ value }));
    app.addHook('preHandler', async (request) => {
      if (request.method === 'POST') assertGraphqlBody(request.body);
      else assertGraphqlQueryString(request.query);
    });
    await app.register(mercurius, {
      schema: WALLAROO_SCHEMA,
      resolvers: graphqlResolvers(workspaces) as never,
      path: GRAPHQL_PATH,
      graphiql: false,
      queryDepth: GRAPHQL_MAX_DEPTH,
      graphql: { parseOptions: { maxTokens: GRAPHQL_MAX_TOKENS } },
      // Its JSON schemas give way to assertGraphqlBody; GraphQL documents itself by introspection, not in OpenAPI.
      additionalRouteOptions: { bodyLimit: GRAPHQL_BODY_LIMIT, schema: { hide: true } },
      context: (request): GraphqlContext => ({ actor: request.actor as Actor }),
      errorFormatter: (execution, context) => formatGraphqlErrors(execution, (context.reply as FastifyReply | undefined)?.log ?? context.app.log),
    });
  };
}
