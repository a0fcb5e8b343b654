import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const CALLS = [
  'users/query', 'users/get_by_email', 'users/invite', 'users/deactivate', 'users/activate', 'users/set_role', 'users/change_password',
  'workspaces/create', 'workspaces/list', 'workspaces/get', 'workspaces/add_user', 'workspaces/set_user_role',
  'workspaces/list_users', 'workspaces/remove_user', 'license/get', 'audit/query', 'doctor/check', 'doctor/fix',
];

describeEachDatabase('OpenAPI document', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database);
  });
  afterAll(() => t.close());

  describe('served without a token', () => {
    it('documents every call with its body schema and its error statuses', async () => {
      const res = await t.app.http.inject({ method: 'GET', url: '/v1/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json<{ openapi: string; paths: Record<string, { post?: { requestBody?: unknown; responses: Record<string, unknown> } }> }>();
      expect(doc.openapi).toBe('3.1.0');
      for (const call of CALLS) {
        const op = doc.paths[`/v1/api/${call}`]?.post;
        expect(op, call).toBeDefined();
        expect(op?.requestBody, call).toBeDefined();
        expect(Object.keys(op?.responses ?? {}), call).toEqual(expect.arrayContaining(['200', '400', '401']));
      }
      expect(Object.keys(doc.paths['/v1/api/users/invite']?.post?.responses ?? {})).toEqual(expect.arrayContaining(['403', '409']));
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
