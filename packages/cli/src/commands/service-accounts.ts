import { Argument, Option } from 'commander';
import type { Command } from 'commander';
import type { PlatformRole } from '@paddock/sdk';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { formatDate, formatTable } from '../table.js';

type CreateOptions = { role: PlatformRole; description?: string };

export function registerServiceAccounts(program: Command, rt: Runtime): void {
  const accounts = program
    .command('service-accounts')
    .description('confidential clients for scripts: create, list, rotate and delete them (admins)');
  examples(accounts, 'paddock service-accounts create nightly-etl --role user', 'paddock service-accounts list');

  const create = accounts
    .command('create')
    .description('create a service account (client id sa-<name>) and print its secret, once')
    .addArgument(new Argument('<name>', 'lower-case letters, digits and "-", starting with a letter'))
    .addOption(new Option('--role <role>', 'the role its tokens act with').choices(['admin', 'user']).default('user'))
    .option('--description <text>', 'what it is for')
    .action(action<CreateOptions, [string]>(rt, createAction));
  examples(
    create,
    'paddock service-accounts create nightly-etl --description "ETL jobs"',
    'paddock service-accounts create provisioner --role admin',
    'paddock --json service-accounts create nightly-etl',
  );

  const list = accounts
    .command('list')
    .description('list service accounts, by name (never their secrets)')
    .action(action(rt, listAction));
  examples(list, 'paddock service-accounts list', 'paddock service-accounts list --json');

  const rotate = accounts
    .command('rotate')
    .description('give a service account a new secret, printed once; the old one stops working at once')
    .argument('<client-id>', 'the client id, sa-<name>')
    .action(action<Record<string, never>, [string]>(rt, async (ctx, [clientId]) => {
      const secret = await ctx.client().rotateServiceAccountSecret(clientId);
      ctx.print({ client_id: clientId, client_secret: secret }, `New secret of ${clientId} (shown once, store it safely): ${secret}`);
    }));
  examples(rotate, 'paddock service-accounts rotate sa-nightly-etl');

  const remove = accounts
    .command('delete')
    .description('delete a service account: its secret and tokens stop working at once')
    .argument('<client-id>', 'the client id, sa-<name>')
    .action(action<Record<string, never>, [string]>(rt, async (ctx, [clientId]) => {
      await ctx.client().deleteServiceAccount(clientId);
      ctx.print({ client_id: clientId, deleted: true }, `Deleted ${clientId}.`);
    }));
  examples(remove, 'paddock service-accounts delete sa-nightly-etl');
}

async function createAction(ctx: Context, [name]: [string], opts: CreateOptions): Promise<void> {
  const { clientId, clientSecret } = await ctx.client().createServiceAccount(name, opts.role, { description: opts.description });
  ctx.print(
    { client_id: clientId, client_secret: clientSecret },
    `Created ${clientId} (role ${opts.role}).\n` +
      `Client secret (shown once, store it safely): ${clientSecret}\n` +
      `Get tokens with the client-credentials grant, HTTP Basic ${clientId}:<secret>.`,
  );
}

async function listAction(ctx: Context): Promise<void> {
  const accounts = await ctx.client().listServiceAccounts();
  ctx.print(accounts, () =>
    accounts.length === 0
      ? 'No service accounts.'
      : formatTable(
          ['CLIENT ID', 'ROLE', 'DESCRIPTION', 'CREATED', 'CREATED BY', 'SECRET ROTATED'],
          accounts.map((a) => [a.clientId, a.role, a.description || '-', formatDate(a.createdAt), a.createdBy, formatDate(a.secretRotatedAt)]),
        ),
  );
}
