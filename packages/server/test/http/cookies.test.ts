import fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { readCookie, setCookie } from '../../src/http/cookies.js';

async function echo(cookieHeader: string | undefined, name: string) {
  const app = fastify();
  app.get('/', async (request) => ({ value: readCookie(request, name) ?? null }));
  const res = await app.inject({ method: 'GET', url: '/', headers: cookieHeader === undefined ? {} : { cookie: cookieHeader } });
  await app.close();
  return res.json<{ value: string | null }>().value;
}

async function setting(settings: Parameters<typeof setCookie>[1]) {
  const app = fastify();
  app.get('/', async (_request, reply) => {
    setCookie(reply, settings);
    return {};
  });
  const res = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  return res.headers['set-cookie'];
}

describe('cookies', () => {
  it('read the named cookie among others, keeping "=" inside its value', async () => {
    expect(await echo('a=1; paddock_sso=abc.def==; b=2', 'paddock_sso')).toBe('abc.def==');
    expect(await echo('paddock_sso_other=x;paddock_sso=y', 'paddock_sso')).toBe('y');
    expect(await echo('a=1', 'paddock_sso')).toBeNull();
    expect(await echo(undefined, 'paddock_sso')).toBeNull();
    expect(await echo('=orphan; paddock_sso', 'paddock_sso')).toBeNull();
  });

  it('set an HttpOnly cookie scoped to a path, Secure only when asked, and delete it with Max-Age=0', async () => {
    const base = { name: 'c', value: 'v', path: '/auth/x', maxAge: 60, sameSite: 'Strict' as const, secure: false };
    expect(await setting(base)).toBe('c=v; Path=/auth/x; Max-Age=60; HttpOnly; SameSite=Strict');
    expect(await setting({ ...base, sameSite: 'Lax', secure: true })).toBe('c=v; Path=/auth/x; Max-Age=60; HttpOnly; SameSite=Lax; Secure');
    expect(await setting({ ...base, value: '', maxAge: 0 })).toBe('c=; Path=/auth/x; Max-Age=0; HttpOnly; SameSite=Strict');
  });
});
