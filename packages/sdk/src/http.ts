import type { TokenManager } from './auth.js';
import { PaddockError } from './errors.js';
import { errorFromReply, readBody, send } from './fetching.js';
import type { FetchLike } from './fetching.js';
import type { ApiCalls, ApiPath } from './types.js';

/**
 * Sends API calls with the bearer token: renews it when it is about to expire, and once more
 * when the server answers 401, then retries the call once.
 */
export class Transport {
  readonly #apiUrl: string;
  readonly #fetch: FetchLike;
  readonly #tokens: TokenManager;

  constructor(baseUrl: string, fetch: FetchLike, tokens: TokenManager) {
    this.#apiUrl = `${baseUrl}/v1/api/`;
    this.#fetch = fetch;
    this.#tokens = tokens;
  }

  async post<P extends ApiPath>(path: P, body: ApiCalls[P]['request']): Promise<ApiCalls[P]['reply']> {
    const token = await this.#tokens.accessToken();
    let res = await this.#send(path, body, token);
    if (res.status === 401) {
      const refused = errorFromReply(res.status, await readBody(res));
      let renewed: string;
      try {
        renewed = await this.#tokens.renewAfterRejection(token);
      } catch (err) {
        // The API's reason ("this account is deactivated") says more than the token endpoint's;
        // whether the login has ended for good (see TokenManager) is kept.
        if (!(err instanceof PaddockError && err.code === 'UNAUTHENTICATED')) throw err;
        throw err.details?.['loginEnded'] === true ? new PaddockError(refused.code, refused.message, { ...refused.details, loginEnded: true }) : refused;
      }
      res = await this.#send(path, body, renewed);
    }
    const reply = await readBody(res);
    if (!res.ok) throw errorFromReply(res.status, reply);
    return (reply ?? {}) as ApiCalls[P]['reply'];
  }

  /** For the calls that authenticate by themselves (a password in the body): no token, no login. */
  async postWithoutToken<P extends ApiPath>(path: P, body: ApiCalls[P]['request']): Promise<ApiCalls[P]['reply']> {
    const res = await this.#send(path, body, null);
    const reply = await readBody(res);
    if (!res.ok) throw errorFromReply(res.status, reply);
    return (reply ?? {}) as ApiCalls[P]['reply'];
  }

  async #send(path: ApiPath, body: unknown, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    return await send(this.#fetch, this.#apiUrl + path, { method: 'POST', headers, body: JSON.stringify(body) });
  }
}
