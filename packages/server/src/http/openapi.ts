import type { SwaggerTransformObject } from '@fastify/swagger';
import { ACCESS_TOKEN_TTL, DEVICE_CODE_GRANT, REALM_PATH, REFRESH_TOKEN_TTL } from '../identity/clients.js';

type Documents = Parameters<SwaggerTransformObject>[0];
type Transformed = ReturnType<SwaggerTransformObject>;

const TOKEN_PATH = `${REALM_PATH}/protocol/openid-connect/token`;

/** oidc-provider answers the token endpoint, outside Fastify's routes: it is described here by hand. */
const tokenEndpoint = {
  post: {
    summary: "Get an access token, Keycloak's way (password, client credentials, refresh token or device code grant)",
    tags: ['tokens'],
    requestBody: {
      required: true,
      content: {
        'application/x-www-form-urlencoded': {
          schema: {
            type: 'object',
            required: ['grant_type'],
            properties: {
              grant_type: { type: 'string', enum: ['password', 'client_credentials', 'refresh_token', DEVICE_CODE_GRANT] },
              client_id: { type: 'string', description: '`sdk-client` for people (SDK, CLI); confidential clients send HTTP Basic credentials instead' },
              username: { type: 'string', description: 'The email (password grant)' },
              password: { type: 'string', format: 'password' },
              refresh_token: { type: 'string' },
              device_code: { type: 'string' },
              scope: { type: 'string', description: 'Default: profile email roles' },
            },
          },
        },
      },
    },
    responses: {
      200: {
        description: 'Tokens',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                access_token: { type: 'string', description: `A JWT with Keycloak's claims, valid ${ACCESS_TOKEN_TTL} s` },
                expires_in: { type: 'integer' },
                refresh_token: { type: 'string', description: `Valid ${REFRESH_TOKEN_TTL} s, renewed on each use` },
                refresh_expires_in: { type: 'integer' },
                token_type: { type: 'string', enum: ['Bearer'] },
                scope: { type: 'string' },
              },
            },
          },
        },
      },
      400: { description: "OAuth's error body: invalid_grant (wrong credentials, a locked account, an ended login), invalid_request, ..." },
      401: { description: 'invalid_client: wrong client credentials' },
    },
  },
};

/** The generated document, plus the token endpoint every client starts with. */
export function withTokenEndpoint(documents: Documents): Transformed {
  const doc = 'openapiObject' in documents ? documents.openapiObject : documents.swaggerObject;
  return { ...doc, paths: { [TOKEN_PATH]: tokenEndpoint, ...doc.paths } };
}
