import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { AuditEvent, License, Problem } from '@paddock/sdk';
import { describeDetails } from '../audit-details.js';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { formatDate, formatPairs, formatTable } from '../table.js';

type AuditOptions = { actor?: string; target?: string; action?: string; since?: string; until?: string; limit: number };
type DoctorOptions = { fix?: boolean };

export function registerAdmin(program: Command, rt: Runtime): void {
  const license = program.command('license').description('the licence in force');
  examples(license, 'paddock license show');
  const show = license
    .command('show')
    .description('show the edition, seats and seats in use (admins)')
    .action(action(rt, showLicense));
  examples(show, 'paddock license show', 'paddock license show --json');
  const upload = license
    .command('upload <file>')
    .description('install a licence file for every Paddock process (admins); warns when more users are active than it allows')
    .action(action<Record<string, never>, [string]>(rt, uploadLicense));
  examples(upload, 'paddock license upload acme.license', 'paddock license upload acme.license --json');

  const audit = program.command('audit').description('the audit trail of every change');
  examples(audit, 'paddock audit list --action user.deactivate');
  const list = audit
    .command('list')
    .description('list audit events, newest first (admins)')
    .option('--actor <who>', 'user id or email of whoever made the change')
    .option('--target <what>', 'user id, email or workspace id changed')
    .option('--action <action>', 'for instance user.deactivate')
    .option('--since <time>', 'ISO-8601 time, inclusive', isoTime)
    .option('--until <time>', 'ISO-8601 time, exclusive', isoTime)
    .option('--limit <n>', 'at most this many events', positiveInt, 100)
    .action(action<AuditOptions>(rt, listAudit));
  examples(list, 'paddock audit list --limit 20', 'paddock audit list --actor admin@example.com --since 2025-01-01', 'paddock audit list --json');

  const doctor = program
    .command('doctor')
    .description('find data problems (admins); exits 1 while problems remain')
    .option('--fix', 'fix what can be fixed, then list what was fixed and what remains')
    .action(action<DoctorOptions>(rt, doctorAction));
  examples(doctor, 'paddock doctor', 'paddock doctor --fix');
}

function isoTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('Not an ISO-8601 time.');
  return date.toISOString();
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Not a positive integer.');
  return n;
}

async function showLicense(ctx: Context): Promise<void> {
  const licence = await ctx.client().getLicense();
  ctx.print(licence, () => licencePairs(licence));
}

async function uploadLicense(ctx: Context, [file]: [string]): Promise<void> {
  let document: string;
  try {
    document = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read the licence file ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, EXIT.USAGE);
  }
  const installed = await ctx.client().uploadLicense(document);
  ctx.print(installed, () => licencePairs(installed));
  if (installed.warning !== null) ctx.io.stderr.write(`warning: ${installed.warning}\n`);
}

function licencePairs(licence: License): string {
  return formatPairs([
    ['Edition', licence.edition],
    ['Licensee', licence.licensee ?? '-'],
    ['Seats', licence.seats === null ? 'unlimited' : String(licence.seats)],
    ['Active users', String(licence.activeUsers)],
    ['Seats left', licence.seatsLeft === null ? 'unlimited' : String(licence.seatsLeft)],
    ...(licence.overBy > 0 ? [['Over by', `${licence.overBy} (deactivate ${licence.overBy + 1} before anyone can be activated)`] as [string, string]] : []),
    ['Expires', licence.expiresAt === null ? 'never' : formatDate(licence.expiresAt)],
  ]);
}

async function listAudit(ctx: Context, _args: [], opts: AuditOptions): Promise<void> {
  const client = ctx.client();
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.queryAudit({
      actor: opts.actor,
      target: opts.target,
      action: opts.action,
      since: opts.since,
      until: opts.until,
      limit: Math.min(500, opts.limit - events.length),
      cursor,
    });
    events.push(...page.events.slice(0, opts.limit - events.length));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && events.length < opts.limit);
  ctx.print(events, () =>
    events.length === 0
      ? 'No events.'
      : formatTable(
          ['TIME', 'ACTOR', 'ACTION', 'TARGET', 'DETAILS'],
          events.map((e) => [formatDate(e.at), e.actor.label, e.action, [e.target.type, e.target.label ?? e.target.id].filter((part) => part !== null).join(' '), describeDetails(e.details)]),
        ),
  );
}

function problemTable(problems: readonly Problem[]): string {
  return formatTable(
    ['KIND', 'SUBJECT', 'DETAIL', 'FIXABLE'],
    problems.map((p) => [p.kind, `${p.subject.type} ${p.subject.label}`, p.detail, p.fixable ? 'yes' : 'no']),
  );
}

async function doctorAction(ctx: Context, _args: [], opts: DoctorOptions): Promise<number> {
  const client = ctx.client();
  if (!opts.fix) {
    const problems = await client.doctorCheck();
    ctx.print({ problems }, () =>
      problems.length === 0
        ? 'No problems found.'
        : `${problemTable(problems)}\n${problems.length} problem(s). Run \`paddock doctor --fix\` to fix the fixable ones.`,
    );
    return problems.length === 0 ? EXIT.OK : EXIT.REFUSED;
  }
  const { fixed, remaining } = await client.doctorFix();
  ctx.print({ fixed, remaining }, () => {
    const parts = [fixed.length === 0 ? 'Nothing fixed.' : `Fixed:\n${problemTable(fixed)}`];
    parts.push(remaining.length === 0 ? 'No problems remain.' : `Remaining:\n${problemTable(remaining)}`);
    return parts.join('\n');
  });
  return remaining.length === 0 ? EXIT.OK : EXIT.REFUSED;
}
