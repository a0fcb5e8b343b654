import type { Command } from 'commander';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { formatDate, formatTable } from '../table.js';

export function registerSessions(program: Command, rt: Runtime): void {
  const sessions = program.command('sessions').description("a user's logins: list them and end one or all (admins, or the user themself)");
  examples(sessions, 'paddock sessions list ann@example.com', 'paddock sessions revoke-all ann@example.com');

  const list = sessions
    .command('list')
    .description("list a user's logins, newest first")
    .argument('<email>', "the user's email")
    .action(action<Record<string, never>, [string]>(rt, listAction));
  examples(list, 'paddock sessions list ann@example.com', 'paddock --json sessions list ann@example.com');

  const revoke = sessions
    .command('revoke')
    .description('end one login: its refresh token stops working at once, its access token within 5 minutes')
    .argument('<id>', 'the session id, from `paddock sessions list`')
    // Session ids are base64url and may begin with '-' (one in 64 does): take them as the id, not as an option.
    .allowUnknownOption()
    .action(action<Record<string, never>, [string]>(rt, async (ctx, [id]) => {
      await ctx.client().revokeSession(id);
      ctx.print({ id, revoked: true }, `Ended session ${id}.`);
    }));
  examples(revoke, 'paddock sessions revoke 3wQm0xV2bPz1kFhS8yTnR');

  const revokeAll = sessions
    .command('revoke-all')
    .description('end every login of a user (your own email logs you out everywhere)')
    .argument('<email>', "the user's email")
    .action(action<Record<string, never>, [string]>(rt, async (ctx, [email]) => {
      const revoked = await ctx.client().revokeAllSessions(email);
      ctx.print({ email, revoked }, `Ended ${revoked} session(s) of ${email}.`);
    }));
  examples(revokeAll, 'paddock sessions revoke-all ann@example.com');
}

async function listAction(ctx: Context, [email]: [string]): Promise<void> {
  const sessions = await ctx.client().listSessions(email);
  ctx.print(sessions, () =>
    sessions.length === 0
      ? `No sessions of ${email}.`
      : formatTable(
          ['ID', 'CLIENT', 'CREATED', 'LAST USED', 'EXPIRES'],
          sessions.map((s) => [s.id, s.clientId, formatDate(s.createdAt), formatDate(s.lastUsedAt ?? undefined), formatDate(s.expiresAt)]),
        ),
  );
}
