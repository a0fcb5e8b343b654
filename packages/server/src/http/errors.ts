import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import type { ErrorCode } from '../errors.js';

/** The Wallaroo error body, with Paddock's machine code beside it. */
export interface ErrorBody {
  msg: string;
  code: number;
  error: ErrorCode;
  [extra: string]: unknown;
}

export function errorBody(code: ErrorCode, status: number, msg: string, extra?: Record<string, unknown>): ErrorBody {
  return { msg, code: status, error: code, ...extra };
}

function describeValidation(err: FastifyError): { msg: string; field: string } {
  const first = hasZodFastifySchemaValidationErrors(err) ? err.validation[0] : err.validation?.[0];
  const field = first?.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'body';
  return { field, msg: `${field}: ${first?.message ?? err.message}` };
}

/**
 * The one boundary where errors become replies: catalogue codes keep their status, Fastify's own
 * client errors become INVALID_REQUEST or PAYLOAD_TOO_LARGE, anything else is a logged 500.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(errorBody(err.code, err.status, err.message, err.details));
    }
    if (err.validation) {
      const { msg, field } = describeValidation(err);
      return reply.status(400).send(errorBody('VALIDATION_FAILED', 400, msg, { field }));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', 413, 'The request body is too large.'));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const msg = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'The body must be JSON (Content-Type: application/json).' : err.message;
      return reply.status(400).send(errorBody('INVALID_REQUEST', 400, msg));
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send(errorBody('INTERNAL', 500, 'Internal error; the server log has the details.'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('NOT_FOUND', 404, `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`));
  });
}
