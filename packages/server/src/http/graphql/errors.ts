import type { ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { FastifyBaseLogger } from 'fastify';
import type { ErrorCode } from '../../errors.js';
import { toRefusal } from '../errors.js';

interface Formatted {
  status: number;
  error: GraphQLFormattedError;
}

/**
 * By name, not `instanceof`: Mercurius runs graphql-js's CommonJS build and Paddock its ES module
 * build, whose classes differ (the dual package hazard).
 */
function isGraphqlError(err: unknown): err is GraphQLError {
  return err instanceof Error && err.name === 'GraphQLError';
}

/** Mercurius gathers a document's syntax, validation and variable errors under one error's `errors`. */
function hasInnerErrors(err: unknown): err is Error & { errors: unknown[]; statusCode?: number } {
  return err instanceof Error && Array.isArray((err as { errors?: unknown }).errors);
}

function graphqlError(message: string, code: ErrorCode, source?: GraphQLError): GraphQLFormattedError {
  return {
    message,
    ...(source?.locations && { locations: source.locations }),
    ...(source?.path && { path: source.path }),
    extensions: { code },
  };
}

/** A mistake in the GraphQL document or its variables: always the client's, always 400 (405 for a mutation over GET). */
function documentError(err: unknown, status: number): Formatted {
  const source = isGraphqlError(err) ? err : undefined;
  const message = err instanceof Error ? err.message : 'The GraphQL document is invalid.';
  return { status, error: graphqlError(message, 'VALIDATION_FAILED', source) };
}

function format(err: GraphQLError | Error, log: FastifyBaseLogger): Formatted[] {
  const located = isGraphqlError(err) ? err : undefined;
  const original = located ? (located.originalError ?? undefined) : err;
  if (hasInnerErrors(original)) return original.errors.map((inner) => documentError(inner, original.statusCode ?? 400));
  // graphql-js's own refusals (a variable's type, a value it cannot coerce) have no other cause.
  if (original === undefined || isGraphqlError(original)) return [documentError(original ?? err, 400)];
  const refusal = toRefusal(original);
  if (refusal.code === 'INTERNAL') log.error({ err: original }, 'GraphQL request failed');
  return [{ status: refusal.status, error: graphqlError(refusal.msg, refusal.code, located) }];
}

/**
 * Refusals as GraphQL errors with Paddock's code in `extensions.code`. A reply with data is 200 (the
 * errors say which fields failed); one without takes the status of its first refusal.
 */
export function formatGraphqlErrors(
  execution: ExecutionResult & { errors: readonly GraphQLError[] },
  log: FastifyBaseLogger,
): { statusCode: number; response: FormattedExecutionResult } {
  const formatted = execution.errors.flatMap((e) => format(e, log));
  const hasData = execution.data !== undefined && execution.data !== null;
  return {
    statusCode: hasData ? 200 : (formatted[0]?.status ?? 400),
    response: { data: execution.data ?? null, errors: formatted.map((f) => f.error) },
  };
}
