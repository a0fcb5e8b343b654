/**
 * Runs once before the suite. The PostgreSQL half of every storage test needs
 * PADDOCK_TEST_PG_URL; CI must never pass without it, and a newcomer is told it was skipped.
 */
export default function setup(): void {
  if (process.env['PADDOCK_TEST_PG_URL']) return;
  if (process.env['CI'] === 'true') {
    throw new Error('CI=true but PADDOCK_TEST_PG_URL is not set: the PostgreSQL suite would be skipped.');
  }
  process.stderr.write(
    '\nPostgreSQL suite SKIPPED: PADDOCK_TEST_PG_URL is not set. ' +
      'Run `bash .ci/run` (installs and starts PostgreSQL) or set it to a postgres:// URL of a user that may create databases.\n\n',
  );
}
