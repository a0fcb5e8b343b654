import type { FastifyReply, FastifyRequest } from 'fastify';

/** The value of the cookie `name` the browser sent, if any. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface CookieSettings {
  name: string;
  /** Already cookie-safe (base64url, say); not encoded here. */
  value: string;
  path: string;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
  sameSite: 'Strict' | 'Lax';
  /** Only over HTTPS: set when Paddock's public URL is https. */
  secure: boolean;
}

/** Sets an HttpOnly cookie for this host and `path` alone (no Domain attribute). */
export function setCookie(reply: FastifyReply, cookie: CookieSettings): void {
  const attributes = [`${cookie.name}=${cookie.value}`, `Path=${cookie.path}`, `Max-Age=${cookie.maxAge}`, 'HttpOnly', `SameSite=${cookie.sameSite}`];
  if (cookie.secure) attributes.push('Secure');
  void reply.header('set-cookie', attributes.join('; '));
}
