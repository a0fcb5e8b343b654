import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

/** How one surface writes its refusals: the MLOps API's `errorBody`, Keycloak's `{error, errorMessage}`, ... */
export type ErrorShape = (code: ErrorCode, status: number, msg: string, extra?: Record<string, unknown>) => unknown;

function describeValidation(err: FastifyError): { msg: string; field: string } {
  const first = hasZodFastifySchemaValidationErrors(err) ? err.validation[0] : err.validation?.[0];
  const field = first?.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'body';
  return { field, msg: `${field}: ${first?.message ?? err.message}` };
}

export interface ErrorHandling {
  /** How refusals are written; the MLOps API's body by default. */
  shape?: ErrorShape;
  /**
   * A refusal whose code the route's contract does not declare becomes a 500 (tests), instead of
   * being sent as it is with a logged warning (production): a test that meets one fails.
   */
  strictContracts?: boolean;
}

/**
 * The one boundary where errors become replies: catalogue codes keep their status, Fastify's own
 * client errors become INVALID_REQUEST or PAYLOAD_TOO_LARGE, anything else is a logged 500.
 */
export function installErrorHandling(app: FastifyInstance, { shape = errorBody, strictContracts = false }: ErrorHandling = {}): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    let refusal = toRefusal(err);
    const declared = request.routeOptions.config.declaredErrors;
    if (declared !== undefined && refusal.code !== 'INTERNAL' && !declared.includes(refusal.code)) {
      const what = { code: refusal.code, route: request.routeOptions.url };
      if (strictContracts) {
        request.log.error(what, 'refusal not declared by the contract');
        refusal = { code: 'INTERNAL', status: 500, msg: `${request.routeOptions.url ?? ''} does not declare ${refusal.code} in its contract.` };
      } else {
        request.log.warn(what, 'refusal not declared by the contract');
      }
    }
    if (refusal.code === 'INTERNAL') request.log.error({ err }, 'request failed');
    return reply.status(refusal.status).send(shape(refusal.code, refusal.status, refusal.msg, refusal.extra));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(shape('NOT_FOUND', 404, `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`));
  });
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before any route sees it (oversized
 * headers, a malformed request line, a timeout), in the same body as every other refusal.
 */
export function rawClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return;
  const [status, code, msg]: [number, ErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive.']
        : [400, 'INVALID_REQUEST', 'The request is not valid HTTP.'];
  const body = JSON.stringify(errorBody(code, status, msg));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Fastify's `frameworkErrors`: a URL it cannot decode, refused before routing, as INVALID_REQUEST. */
export function frameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(400).send(errorBody('INVALID_REQUEST', 400, err.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid.' : err.message));
}

export interface Refusal {
  code: ErrorCode;
  status: number;
  msg: string;
  extra?: Record<string, unknown> | undefined;
}

/** Any error as a catalogue refusal: a client's mistake keeps its 4xx, anything else is INTERNAL (500). */
export function toRefusal(err: FastifyError | Error): Refusal {
  if (err instanceof AppError) return { code: err.code, status: err.status, msg: err.message, extra: err.details };
  const fe = err as FastifyError;
  if (fe.validation) {
    const { msg, field } = describeValidation(fe);
    return { code: 'VALIDATION_FAILED', status: 400, msg, extra: { field } };
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { code: 'PAYLOAD_TOO_LARGE', status: 413, msg: 'The request body is too large.' };
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const msg = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'The body must be JSON (Content-Type: application/json).' : fe.message;
    return { code: 'INVALID_REQUEST', status: 400, msg };
  }
  return { code: 'INTERNAL', status: 500, msg: 'Internal error; the server log has the details.' };
}
