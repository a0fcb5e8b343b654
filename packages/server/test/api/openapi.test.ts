import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '@paddock/sdk';
import { declaredErrors } from '../../src/http/contract.js';
import { allContracts } from '../../src/http/contracts/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

type OpenApi = { openapi: string; paths: Record<string, { post?: { requestBody?: unknown; responses: Record<string, unknown> } }> };

describeEachDatabase('OpenAPI document', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database);
  });
  afterAll(() => t.close());

  describe('served without a token', () => {
    it('documents every contract, and nothing under /v1/api that has none, with its body and the status of each declared error', async () => {
      const res = await t.app.http.inject({ method: 'GET', url: '/v1/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json<OpenApi>();
      expect(doc.openapi).toBe('3.1.0');
      const contracts = allContracts();
      expect(contracts.length).toBeGreaterThan(30);
      const posted = Object.entries(doc.paths).filter(([p, ops]) => p.startsWith('/v1/api/') && ops.post !== undefined).map(([p]) => p.slice('/v1/api/'.length));
      expect(posted.sort()).toEqual(contracts.map((c) => c.path));
      for (const c of contracts) {
        const op = doc.paths[`/v1/api/${c.path}`]?.post;
        expect(op?.requestBody, c.path).toBeDefined();
        const statuses = ['200', ...new Set(declaredErrors(c).map((code) => String(ERROR_STATUS[code])))].sort();
        expect(Object.keys(op?.responses ?? {}).sort(), c.path).toEqual(statuses);
      }
    });

    it("documents the platform configuration and Keycloak's admin users API too", async () => {
      const doc = (await t.app.http.inject({ method: 'GET', url: '/v1/api/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
      expect(Object.keys(doc.paths['/v1/api/config'] ?? {})).toEqual(['get']);
      expect(Object.keys(doc.paths['/auth/admin/realms/master/users/{id}'] ?? {}).sort()).toEqual(['get', 'put']);
      expect(doc.paths['/auth/admin/realms/master/users']).toHaveProperty('get');
      expect(doc.paths['/v1/graphql']).toBeUndefined();
    });

    it('has a browsable page', async () => {
      const res = await t.app.http.inject({ method: 'GET', url: '/v1/api/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });
  });
});
