import type { Command } from 'commander';
import { action, examples } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import type { Context, Runtime } from '../context.js';
import { formatDate, formatTable } from '../table.js';

type AddOptions = { name: string; issuer: string; clientId: string; clientSecret?: string };

export function registerSso(program: Command, rt: Runtime): void {
  const sso = program.command('sso').description('outside OpenID providers people sign in with: list, add and remove them (admins)');
  examples(sso, 'paddock sso list', 'paddock sso add okta --name Okta --issuer https://example.okta.com --client-id 0oa1');

  const list = sso
    .command('list')
    .description('list the providers offered as "Sign in with <name>" on the login page (never their secrets)')
    .action(action(rt, listAction));
  examples(list, 'paddock sso list', 'paddock --json sso list');

  const add = sso
    .command('add')
    .description('add a provider; its issuer must answer OpenID discovery. Prints the redirect URI to register there')
    .argument('<alias>', 'short name used in URLs: lower-case letters, digits and "-", starting with a letter')
    .requiredOption('--name <text>', 'shown on the login page as "Sign in with <text>"')
    .requiredOption('--issuer <url>', 'the issuer URL (https; http only on loopback)')
    .requiredOption('--client-id <id>', 'the client id Paddock has at the provider')
    .option('--client-secret <secret>', 'its client secret (default: $PADDOCK_SSO_CLIENT_SECRET, so it stays out of shell history)')
    .action(action<AddOptions, [string]>(rt, addAction));
  examples(
    add,
    'PADDOCK_SSO_CLIENT_SECRET=... paddock sso add okta --name Okta --issuer https://example.okta.com --client-id 0oa1',
    'paddock sso add corp --name "Corp login" --issuer https://login.corp.example/realms/corp --client-id paddock --client-secret s3cret',
  );

  const remove = sso
    .command('remove')
    .description('remove a provider added with `sso add` and its account links; its users stay')
    .argument('<alias>', 'the alias shown by `paddock sso list`')
    .action(action<Record<string, never>, [string]>(rt, async (ctx, [alias]) => {
      await ctx.client().deleteSsoProvider(alias);
      ctx.print({ alias, removed: true }, `Removed ${alias}.`);
    }));
  examples(remove, 'paddock sso remove okta');
}

async function addAction(ctx: Context, [alias]: [string], opts: AddOptions): Promise<void> {
  const clientSecret = opts.clientSecret ?? ctx.io.env['PADDOCK_SSO_CLIENT_SECRET'];
  if (clientSecret === undefined || clientSecret === '') {
    throw new CliError('Give the client secret with --client-secret or PADDOCK_SSO_CLIENT_SECRET.', EXIT.USAGE);
  }
  const provider = await ctx.client().createSsoProvider({ alias, displayName: opts.name, issuer: opts.issuer, clientId: opts.clientId, clientSecret });
  ctx.print(
    provider,
    `Added ${provider.alias}: the login page now offers "Sign in with ${provider.displayName}".\n` +
      `Register this redirect URI for client ${provider.clientId} at the provider: ${provider.redirectUri}`,
  );
}

async function listAction(ctx: Context): Promise<void> {
  const providers = await ctx.client().listSsoProviders();
  ctx.print(providers, () =>
    providers.length === 0
      ? 'No SSO providers.'
      : formatTable(
          ['ALIAS', 'NAME', 'ISSUER', 'CLIENT ID', 'SOURCE', 'ADDED', 'REDIRECT URI'],
          providers.map((p) => [p.alias, p.displayName, p.issuer, p.clientId, p.source, formatDate(p.createdAt), p.redirectUri]),
        ),
  );
}
