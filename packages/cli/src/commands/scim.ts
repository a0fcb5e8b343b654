import { Argument } from 'commander';
import type { Command } from 'commander';
import type { ScimToken } from '@paddock/sdk';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { formatDate, formatTable } from '../table.js';

export function registerScim(program: Command, rt: Runtime): void {
  const scim = program.command('scim').description('SCIM 2.0 provisioning from Okta or Entra ID (admins)');
  examples(scim, 'paddock scim tokens create okta', 'paddock scim tokens list');
  const tokens = scim.command('tokens').description('the bearer tokens identity providers provision with: create, list and revoke them');
  examples(tokens, 'paddock scim tokens create okta', 'paddock scim tokens list', 'paddock scim tokens revoke okta');

  const create = tokens
    .command('create')
    .description('create a SCIM token and print it, once, with the base URL to give the identity provider')
    .addArgument(new Argument('<name>', 'which provider holds it: lower-case letters, digits and "-", starting with a letter'))
    .action(action<Record<string, never>, [string]>(rt, createAction));
  examples(create, 'paddock scim tokens create okta', 'paddock --json scim tokens create entra-prod');

  const list = tokens
    .command('list')
    .description('list SCIM tokens, revoked ones included (never the tokens themselves)')
    .action(action(rt, listAction));
  examples(list, 'paddock scim tokens list', 'paddock --json scim tokens list');

  const revoke = tokens
    .command('revoke')
    .description("revoke a SCIM token: the provider's next request is refused")
    .argument('<name-or-id>', 'the token name or id (from `paddock scim tokens list`)')
    .action(action<Record<string, never>, [string]>(rt, revokeAction));
  examples(revoke, 'paddock scim tokens revoke okta');
}

async function createAction(ctx: Context, [name]: [string]): Promise<void> {
  const { token, secret } = await ctx.client().createScimToken(name);
  const base = `${ctx.url.replace(/\/+$/, '')}/scim/v2`;
  ctx.print(
    { id: token.id, name: token.name, secret, base_url: base },
    `Created SCIM token ${token.name} (${token.id}).\n` +
      `Token (shown once, store it safely): ${secret}\n` +
      `In the identity provider: SCIM base URL ${base} (the server's public URL + /scim/v2), authentication: HTTP header / Bearer token, with this token.`,
  );
}

async function listAction(ctx: Context): Promise<void> {
  const tokens = await ctx.client().listScimTokens();
  ctx.print(tokens, () =>
    tokens.length === 0
      ? 'No SCIM tokens.'
      : formatTable(
          ['NAME', 'ID', 'CREATED', 'CREATED BY', 'LAST USED', 'REVOKED'],
          tokens.map((t) => [t.name, t.id, formatDate(t.createdAt), t.createdBy, formatDate(t.lastUsedAt), t.revokedAt === null ? '-' : formatDate(t.revokedAt)]),
        ),
  );
}

async function revokeAction(ctx: Context, [ref]: [string]): Promise<void> {
  const client = ctx.client();
  const named: ScimToken | undefined = (await client.listScimTokens()).find((t) => t.name === ref);
  // Not a name: the server knows it as an id, or answers SCIM_TOKEN_NOT_FOUND.
  const token = await client.revokeScimToken(named?.id ?? ref);
  ctx.print({ id: token.id, name: token.name, revoked_at: token.revokedAt?.toISOString() ?? null }, `Revoked SCIM token ${token.name}.`);
}
