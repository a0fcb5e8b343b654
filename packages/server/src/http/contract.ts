import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_STATUS } from '@paddock/sdk';
import type { ErrorCode } from '../errors.js';
import type { Actor } from '../services/actor.js';
import type { Soon } from '../soon.js';
import { JSON_TYPE, Streamed, Written } from './stream.js';

export const errorSchema = z
  .object({
    msg: z.string().describe('A sentence for people'),
    code: z.number().int().describe('The HTTP status'),
    error: z.string().describe('The machine code: switch on this'),
    field: z.string().optional().describe('The offending field, for VALIDATION_FAILED'),
  })
  .loose();

/** A previous page's `next_cursor`, opaque; one that no listing gave is 400 INVALID_REQUEST. */
export const cursorSchema = z.string().max(800).describe("A previous page's next_cursor");

/** One endpoint: its request and reply schemas and the error codes it may answer, in one place. */
export interface Contract<B extends z.ZodType, R extends z.ZodType> {
  /** Path under /v1/api, e.g. `users/query`. */
  path: string;
  summary: string;
  tag: string;
  body: B;
  reply: R;
  errors: readonly ErrorCode[];
  /** The largest body the call takes, when more than the server's default (1 MiB). */
  bodyLimit?: number;
}

export function contract<B extends z.ZodType, R extends z.ZodType>(c: Contract<B, R>): Contract<B, R> {
  return c;
}

/** Every call may answer these. */
const ALWAYS: readonly ErrorCode[] = ['INVALID_REQUEST', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'PAYLOAD_TOO_LARGE'];

/** The codes a call may answer: its contract's and those every call may. */
export function declaredErrors(c: Contract<z.ZodType, z.ZodType>): readonly ErrorCode[] {
  return [...ALWAYS, ...c.errors];
}

function responses(c: Contract<z.ZodType, z.ZodType>): Record<number, z.ZodType> {
  const out: Record<number, z.ZodType> = { 200: c.reply };
  const declared = declaredErrors(c);
  for (const code of declared) {
    out[ERROR_STATUS[code]] = errorSchema.describe(declared.filter((e) => ERROR_STATUS[e] === ERROR_STATUS[code]).join(', '));
  }
  return out;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The call authenticates by other means (a password in the body): a token is optional. */
    optionalAuth?: boolean;
    /** Anyone may call it, token or not (the OpenAPI document, the platform configuration). */
    public?: boolean;
    /** The error codes the route's contract declares; the error boundary checks each refusal against them. */
    declaredErrors?: readonly ErrorCode[];
  }
}

/**
 * A handler answers the reply, or the same bytes already `Written`, or a `Streamed` one (written as
 * it is read).
 */
export type Handler<B extends z.ZodType, R extends z.ZodType> = (body: z.output<B>, actor: Actor) => Soon<z.input<R> | Written | Streamed>;

/** Mounts `POST /v1/api/<path>`: the body is parsed by the contract, the reply stripped by it. */
export function mount<B extends z.ZodType, R extends z.ZodType>(app: FastifyInstance, c: Contract<B, R>, handler: Handler<B, R>): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: `/v1/api/${c.path}`,
    ...(c.bodyLimit !== undefined && { bodyLimit: c.bodyLimit }),
    config: { declaredErrors: declaredErrors(c) },
    schema: { summary: c.summary, tags: [c.tag], body: c.body, response: responses(c), security: [{ bearer: [] }] },
    // Not async: an answer had at once is sent at once (see `Soon`).
    handler: (request, reply): Soon<unknown> => {
      // The auth hook has set the actor on every /v1/api call, or answered 401.
      const answer = handler(request.body as z.output<B>, request.actor as Actor);
      if (answer instanceof Promise) return answer.then((known) => send(reply, known));
      return send(reply, answer);
    },
  });
}

/** Sends a handler's answer; a plain value is returned for Fastify to serialize. */
function send<R>(reply: FastifyReply, answer: R | Written | Streamed): R | FastifyReply {
  // Fastify destroys a streamed body when the client goes, which ends its reads.
  if (answer instanceof Streamed) return reply.type(JSON_TYPE).send(answer.body);
  // A string with a JSON type goes out as it is, past the serializer.
  if (answer instanceof Written) return reply.type(JSON_TYPE).send(answer.json);
  return answer;
}

/** What a call that needs no token learns about its caller. */
export interface Caller {
  /** The token's actor, or null when the call came without one. */
  actor: Actor | null;
  /** The client address, for throttling. */
  ip: string;
}

/**
 * Mounts `POST /v1/api/<path>` for a call that authenticates by itself (for instance by the
 * current password): a token is optional, but a bad one is still refused with 401.
 */
export function mountTokenOptional<B extends z.ZodType, R extends z.ZodType>(
  app: FastifyInstance,
  c: Contract<B, R>,
  handler: (body: z.output<B>, caller: Caller) => Promise<z.input<R>>,
): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: `/v1/api/${c.path}`,
    config: { optionalAuth: true, declaredErrors: declaredErrors(c) },
    schema: { summary: c.summary, tags: [c.tag], body: c.body, response: responses(c), security: [{ bearer: [] }, {}] },
    handler: async (request) => handler(request.body as z.output<B>, { actor: request.actor, ip: request.ip }),
  });
}
