import { describe, expect, it } from 'vitest';
import { PaddockError } from '../src/errors.js';
import { errorFromReply, errorFromTokenReply, send } from '../src/fetching.js';

describe('errorFromReply', () => {
  it('raises the reply\'s machine code with its sentence and extra fields', () => {
    const err = errorFromReply(400, { msg: 'email is not an email', code: 400, error: 'VALIDATION_FAILED', field: 'email' });
    expect(err).toBeInstanceOf(PaddockError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.status).toBe(400);
    expect(err.message).toBe('email is not an email');
    expect(err.details).toEqual({ field: 'email' });
  });

  it('falls back to the HTTP status for a Wallaroo-style reply without a known code', () => {
    expect(errorFromReply(404, { msg: 'nope', code: 404 }).code).toBe('NOT_FOUND');
    expect(errorFromReply(403, { msg: 'x', code: 403, error: 'SOMETHING_NEW' }).code).toBe('FORBIDDEN');
    expect(errorFromReply(502, undefined).code).toBe('UNAVAILABLE');
    expect(errorFromReply(500, 'oops').code).toBe('INTERNAL');
    expect(errorFromReply(409, {}).code).toBe('INVALID_REQUEST');
  });
});

describe('errorFromTokenReply', () => {
  it('maps OAuth errors to catalogue codes', () => {
    expect(errorFromTokenReply(400, { error: 'invalid_grant', error_description: 'bad' }).code).toBe('UNAUTHENTICATED');
    expect(errorFromTokenReply(401, { error: 'invalid_client' }).code).toBe('UNAUTHENTICATED');
    expect(errorFromTokenReply(400, { error: 'unsupported_grant_type' }).code).toBe('INVALID_REQUEST');
    expect(errorFromTokenReply(429, { msg: 'slow down', code: 429, error: 'RATE_LIMITED' }).code).toBe('RATE_LIMITED');
    expect(errorFromTokenReply(503, 'down').code).toBe('UNAVAILABLE');
  });
});

describe('send', () => {
  it('turns a network failure into UNAVAILABLE naming the server', async () => {
    const failing = async (): Promise<Response> => {
      await Promise.resolve();
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const err = await send(failing, 'http://127.0.0.1:9/v1/api/users/query', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    expect((err as Error).message).toContain('http://127.0.0.1:9');
  });
});
