import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { DormantListing, DormantUser, ReclaimResult, SeatPolicy, SeatsInUse } from '@paddock/sdk';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { promptLine } from '../prompt.js';
import { formatDate, formatPairs, formatTable } from '../table.js';

type DormantOptions = { days: number; limit?: number; deactivate?: boolean; yes?: boolean };
type PolicySetOptions = { enable?: boolean; disable?: boolean; days?: number; warnDays?: number | 'off'; floating?: 'on' | 'off'; contact?: string };
type PreviewOptions = { days?: number; warnDays?: number | 'off' };

function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
    return n;
  };
}

function daysOrOff(value: string): number | 'off' {
  return value === 'off' ? 'off' : wholeNumber(1, 3649)(value);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const name = (u: DormantUser) => [u.firstName, u.lastName].filter(Boolean).join(' ') || '-';

/** `8 of 10 seats in use, 2 free` (or `8 users active, no seat limit`). */
function seatLine(s: SeatsInUse): string {
  return s.seats === null ? `${plural(s.activeUsers, 'user')} active, no seat limit` : `${s.activeUsers} of ${s.seats} seats in use, ${s.seatsLeft ?? 0} free`;
}

function dormantTable(users: readonly DormantUser[]): string {
  return formatTable(
    ['EMAIL', 'NAME', 'ROLE', 'LAST SIGN-IN', 'IDLE DAYS'],
    users.map((u) => [u.email, name(u), u.role, u.lastLoginAt === null ? `never (invited ${formatDate(u.createdAt)})` : formatDate(u.lastLoginAt), String(u.idleDays)]),
  );
}

function listingText(listing: DormantListing): string {
  if (listing.total === 0) return `No user has been idle for more than ${plural(listing.days, 'day')}. ${seatLine(listing.seats)}.\n`;
  const shown = listing.users.length < listing.total ? ` (the ${listing.users.length} most recently active shown)` : '';
  const admins = listing.admins === 0 ? '' : `, ${plural(listing.admins, 'admin')} among them`;
  return (
    dormantTable(listing.users) +
    `\n${plural(listing.total, 'user')} idle for more than ${plural(listing.days, 'day')}${admins}${shown}. ${seatLine(listing.seats)}.\n` +
    `Deactivating all but the admins frees ${plural(listing.frees.allButAdmins, 'seat')}: paddock users dormant --days ${listing.days} --deactivate\n`
  );
}

function resultText(result: ReclaimResult): string {
  const lines = [
    ...result.deactivated.map((u) => `Deactivated ${u.email}`),
    ...result.skipped.map((s) => `Skipped ${s.email}: ${s.code}: ${s.message}`),
    `Freed ${plural(result.seatsFreed, 'seat')}: ${seatLine(result.seats)}.`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `paddock users dormant`: idle seats, and freeing them. */
export function registerDormant(users: Command, rt: Runtime): void {
  const dormant = users
    .command('dormant')
    .description('list users holding a seat without using it (no sign-in for more than --days days), and free their seats (admins)')
    .argument('[emails...]', 'with --deactivate: exactly these idle users (admins too); without: every idle user but the admins')
    .requiredOption('--days <n>', 'idle means no sign-in (any way in) for more than this many days', wholeNumber(1, 3650))
    .option('--limit <n>', 'list at most this many users (default 500; the totals count them all)', wholeNumber(1, 5000))
    .option('--deactivate', 'deactivate the idle users (asks first, unless --yes), then print what was done')
    .option('--yes', 'with --deactivate: do not ask')
    // A variadic argument arrives as one array.
    .action(action<DormantOptions, string[]>(rt, async (ctx, args, opts) => dormantAction(ctx, (args as unknown as [string[]])[0], opts)));
  examples(
    dormant,
    'paddock users dormant --days 90',
    'paddock users dormant --days 90 --json',
    'paddock users dormant --days 90 --deactivate',
    'paddock users dormant --days 90 --deactivate --yes ann@example.com old-admin@example.com',
  );
  dormant.addHelpText(
    'after',
    '\nIdle: active, and no sign-in by password, refresh, device, browser or SSO for more than --days days\n' +
      '(an invited user who never signed in: since the invitation). Service accounts are not users and never\n' +
      'appear. Admins are listed but deactivated only when named one by one; the last active admin and you\n' +
      'never are. A user who signs in between the listing and the deactivation is skipped. Exits 1 when a\n' +
      'named user was skipped.\n',
  );
}

async function dormantAction(ctx: Context, emails: string[], opts: DormantOptions): Promise<number> {
  if (emails.length > 0 && opts.deactivate !== true) throw new CliError('emails go with --deactivate (the listing shows every idle user).', EXIT.USAGE);
  if (opts.yes === true && opts.deactivate !== true) throw new CliError('--yes goes with --deactivate.', EXIT.USAGE);
  const client = ctx.client();
  const listing = await client.listDormantUsers({ days: opts.days, ...(opts.limit !== undefined && { limit: opts.limit }) });
  if (opts.deactivate !== true) {
    ctx.print(listing, () => listingText(listing));
    return EXIT.OK;
  }

  const count = emails.length > 0 ? emails.length : listing.frees.allButAdmins;
  if (count === 0) {
    ctx.print({ deactivated: [], skipped: [], seatsFreed: 0, seats: listing.seats }, `No idle user to deactivate (admins are deactivated only when named). ${seatLine(listing.seats)}.`);
    return EXIT.OK;
  }
  if (opts.yes !== true) {
    if (!ctx.io.isTTY || ctx.json) throw new CliError('--deactivate asks for confirmation in a terminal; add --yes to run it unattended.', EXIT.USAGE);
    if (emails.length === 0) ctx.io.stdout.write(dormantTable(listing.users.filter((u) => u.role !== 'admin')));
    const who = emails.length > 0 ? emails.join(', ') : `${plural(count, 'user')} idle for more than ${plural(opts.days, 'day')} (admins excluded)`;
    const answer = await promptLine(ctx.io, `Deactivate ${who}, freeing ${plural(count, 'seat')}? [y/N] `);
    if (!/^y(es)?$/i.test(answer)) {
      ctx.print({ deactivated: [], skipped: [], seatsFreed: 0, seats: listing.seats }, 'Nothing was deactivated.');
      return EXIT.OK;
    }
  }
  const result = await client.deactivateDormantUsers(emails.length > 0 ? { days: opts.days, emails } : { days: opts.days, all: true });
  ctx.print(result, () => resultText(result));
  return result.skipped.length > 0 ? EXIT.REFUSED : EXIT.OK;
}

function policyText(p: SeatPolicy): string {
  return formatPairs([
    ['Policy', p.enabled ? `on: users idle for more than ${plural(p.days, 'day')} are deactivated automatically` : 'off'],
    ['Idle after', plural(p.days, 'day')],
    ['Warning mail', p.warnDays === null ? 'none' : `${plural(p.warnDays, 'day')} before`],
    ['Floating seats', p.floating ? 'on: a user the policy deactivated is reactivated at sign-in when a seat is free' : 'off'],
    ['Contact', p.contact ?? 'the active admins'],
  ]);
}

/** `paddock seat-policy`: the idle-seat policy. */
export function registerSeatPolicy(program: Command, rt: Runtime): void {
  const policy = program.command('seat-policy').description('show, change and preview the idle-seat policy (admins; off by default)');
  examples(policy, 'paddock seat-policy show', 'paddock seat-policy set --enable --days 90 --warn-days 7 --floating on');

  const show = policy
    .command('show')
    .description('show the idle-seat policy')
    .action(action(rt, async (ctx) => {
      const current = await ctx.client().getSeatPolicy();
      ctx.print(current, () => policyText(current));
    }));
  examples(show, 'paddock seat-policy show', 'paddock seat-policy show --json');

  const set = policy
    .command('set')
    .description('change the idle-seat policy for every server process (the options given; the others stay)')
    .option('--enable', 'deactivate idle users automatically')
    .option('--disable', 'stop deactivating idle users')
    .option('--days <n>', 'idle means no sign-in for more than this many days', wholeNumber(1, 3650))
    .option('--warn-days <n>', 'mail a warning this many days before (off: no mail)', daysOrOff)
    .addOption(new Option('--floating <on|off>', 'reactivate a user the policy deactivated when they sign in and a seat is free').choices(['on', 'off']))
    .option('--contact <who>', 'whom a user who finds the licence full should ask (admins: the active admins)')
    .action(action<PolicySetOptions>(rt, async (ctx, _args, opts) => {
      if (opts.enable === true && opts.disable === true) throw new CliError('--enable or --disable, not both.', EXIT.USAGE);
      const changes: Partial<SeatPolicy> = {
        ...(opts.enable === true && { enabled: true }),
        ...(opts.disable === true && { enabled: false }),
        ...(opts.days !== undefined && { days: opts.days }),
        ...(opts.warnDays !== undefined && { warnDays: opts.warnDays === 'off' ? null : opts.warnDays }),
        ...(opts.floating !== undefined && { floating: opts.floating === 'on' }),
        ...(opts.contact !== undefined && { contact: opts.contact === 'admins' ? null : opts.contact }),
      };
      if (Object.keys(changes).length === 0) throw new CliError('nothing to change; see paddock seat-policy set --help.', EXIT.USAGE);
      const updated = await ctx.client().setSeatPolicy(changes);
      ctx.print(updated, () => policyText(updated));
    }));
  examples(set, 'paddock seat-policy set --enable --days 90 --warn-days 7', 'paddock seat-policy set --floating on --contact it-help@example.com', 'paddock seat-policy set --disable');

  const preview = policy
    .command('preview')
    .description('whom the policy (as stored, or with --days / --warn-days) would deactivate and warn if it ran now')
    .option('--days <n>', 'preview with this many days instead', wholeNumber(1, 3650))
    .option('--warn-days <n>', 'preview with this warning instead (off: none)', daysOrOff)
    .action(action<PreviewOptions>(rt, async (ctx, _args, opts) => {
      const plan = await ctx.client().previewSeatPolicy({
        ...(opts.days !== undefined && { days: opts.days }),
        ...(opts.warnDays !== undefined && { warnDays: opts.warnDays === 'off' ? null : opts.warnDays }),
      });
      ctx.print(plan, () => {
        const take = plan.deactivate.length === 0 ? 'It would deactivate no one.\n' : `It would deactivate ${plural(plan.deactivate.length, 'user')}:\n${dormantTable(plan.deactivate)}`;
        const warn = plan.warn.length === 0 ? '' : `It would warn ${plural(plan.warn.length, 'user')} by mail:\n${dormantTable(plan.warn)}`;
        return `${policyText(plan.policy)}\n${take}${warn}`;
      });
    }));
  examples(preview, 'paddock seat-policy preview', 'paddock seat-policy preview --days 60 --warn-days 7');
}
