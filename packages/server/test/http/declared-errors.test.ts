import fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { contract, mount } from '../../src/http/contract.js';
import { installErrorHandling } from '../../src/http/errors.js';

const seatsOnly = contract({ path: 'x/seats', tag: 'x', summary: 'x', body: z.object({}), reply: z.object({}), errors: ['SEAT_LIMIT_REACHED'] });

async function refusalOf(thrown: AppError, strictContracts: boolean): Promise<{ status: number; error: unknown; warnings: string[] }> {
  const warnings: string[] = [];
  const app = fastify({ logger: { level: 'warn', stream: { write: (line: string) => void warnings.push(line) } } });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app, { strictContracts });
  mount(app, seatsOnly, async () => {
    throw thrown;
  });
  const res = await app.inject({ method: 'POST', url: '/v1/api/x/seats', payload: {} });
  await app.close();
  return { status: res.statusCode, error: res.json<{ error: unknown }>().error, warnings };
}

describe("the error boundary checks each refusal against its call's contract", () => {
  it('a declared code passes as it is, strict or not', async () => {
    for (const strict of [true, false]) {
      expect(await refusalOf(new AppError('SEAT_LIMIT_REACHED', 'full'), strict)).toMatchObject({ status: 403, error: 'SEAT_LIMIT_REACHED', warnings: [] });
    }
  });

  it('a code every call may answer counts as declared', async () => {
    expect(await refusalOf(new AppError('VALIDATION_FAILED', 'bad'), true)).toMatchObject({ status: 400, error: 'VALIDATION_FAILED' });
  });

  it('strict (tests): an undeclared code becomes a 500, so the test that meets it fails', async () => {
    const res = await refusalOf(new AppError('LAST_OWNER', 'no'), true);
    expect([res.status, res.error]).toEqual([500, 'INTERNAL']);
    expect(res.warnings.join('')).toContain('LAST_OWNER');
  });

  it('not strict (production): an undeclared code is still sent, with a logged warning', async () => {
    const res = await refusalOf(new AppError('LAST_OWNER', 'no'), false);
    expect([res.status, res.error]).toEqual([409, 'LAST_OWNER']);
    expect(res.warnings).toHaveLength(1);
    expect(JSON.parse(res.warnings[0] ?? '{}')).toMatchObject({ code: 'LAST_OWNER', route: '/v1/api/x/seats' });
  });
});
