import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { requireActor } from '../../src/http/auth.js';
import type { ActorResolver } from '../../src/http/auth.js';
import type { Actor } from '../../src/services/actor.js';

const alice: Actor = { kind: 'user', id: 'u1', email: 'alice@example.com', role: 'user' };

/** Runs the hook on a request with `authorization`; tells whether `done` came before the hook returned. */
function run(resolve: ActorResolver, authorization?: string) {
  const request = { headers: authorization === undefined ? {} : { authorization }, actor: null } as unknown as FastifyRequest;
  let calledBack = false;
  let doneAtOnce = false;
  const finished = new Promise<Error | undefined>((settle) => {
    const done = (err?: Error) => {
      calledBack = true;
      settle(err);
    };
    void requireActor(resolve).call({} as FastifyInstance, request, {} as FastifyReply, done);
    doneAtOnce = calledBack;
  });
  return { request, doneAtOnce, finished };
}

const codeOf = (err: Error | undefined) => (err instanceof AppError ? err.code : err);

describe('the auth hook (requireActor)', () => {
  it('goes on at once when the actor is known at once', async () => {
    const tokens: string[] = [];
    const { request, doneAtOnce, finished } = run((token) => {
      tokens.push(token);
      return alice;
    }, 'Bearer abc.def');
    expect(doneAtOnce).toBe(true);
    expect(await finished).toBeUndefined();
    expect(request.actor).toEqual(alice);
    expect(tokens).toEqual(['abc.def']);
  });

  it('goes on once a promised actor comes', async () => {
    const { request, doneAtOnce, finished } = run(async () => alice, 'Bearer abc');
    expect(doneAtOnce).toBe(false);
    expect(await finished).toBeUndefined();
    expect(request.actor).toEqual(alice);
  });

  it('refuses with UNAUTHENTICATED without a bearer token, a refusal thrown at once, or one that comes later', async () => {
    const refuse = (): never => {
      throw new AppError('UNAUTHENTICATED', 'no');
    };
    for (const { resolve, authorization } of [
      { resolve: () => alice, authorization: undefined },
      { resolve: () => alice, authorization: 'Basic abc' },
      { resolve: refuse, authorization: 'Bearer abc' },
      { resolve: async () => refuse(), authorization: 'Bearer abc' },
    ]) {
      const { request, finished } = run(resolve, authorization);
      expect(codeOf(await finished)).toBe('UNAUTHENTICATED');
      expect(request.actor).toBeNull();
    }
  });

  it('reads the token from Bearer in any case, with any whitespace around it, and nothing else', async () => {
    for (const [authorization, token] of [
      ['Bearer abc.def', 'abc.def'],
      ['bearer abc.def', 'abc.def'],
      ['BEARER  abc.def', 'abc.def'],
      ['Bearer\tabc.def', 'abc.def'],
      ['Bearer abc.def  ', 'abc.def'],
      ['Bearer  abc.def\u00a0', 'abc.def'],
      ['Bearer abc.def\u00a0', 'abc.def'],
      ['Bearer abc.def\r', 'abc.def'],
      ['Bearer \u00a0abc.def', 'abc.def'],
    ] as const) {
      const given: string[] = [];
      const { finished } = run((t) => {
        given.push(t);
        return alice;
      }, authorization);
      expect(await finished).toBeUndefined();
      expect(given).toEqual([token]);
    }
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer   ', 'Bearerabc', 'Token abc', 'Bearer a b', 'Bearer a\u000bb', 'Bearer a\u00a0b']) {
      const { finished } = run(() => alice, authorization);
      expect(codeOf(await finished), authorization).toBe('UNAUTHENTICATED');
    }
  });
});
