import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** What a client learns about the platform before it signs in; nothing in it is secret. */
export const platformConfig = z.object({
  default_arch: z.literal('x86').describe('The Wallaroo SDK reads it at start-up'),
  platform: z.literal('paddock'),
  auth_url: z.string().describe('The OpenID issuer that signs the access tokens'),
});

/**
 * `GET /v1/api/config`, Wallaroo's start-up call: the Python SDK fetches it without a token right
 * after its first login, and fails on anything but a 2xx.
 */
export function configRoutes(app: FastifyInstance, issuer: string): void {
  const body: z.infer<typeof platformConfig> = { default_arch: 'x86', platform: 'paddock', auth_url: issuer };
  app.get(
    '/v1/api/config',
    { config: { public: true }, schema: { summary: 'Platform configuration (no token needed)', tags: ['platform'], response: { 200: platformConfig } } },
    async () => body,
  );
}
