/**
 * Runs once around the suite. The PostgreSQL half of every storage test needs
 * PADDOCK_TEST_PG_URL; CI must never pass without it, and a newcomer is told it was skipped,
 * before the run and again after it, where the summary is read.
 */
const SKIPPED =
  '\nPostgreSQL suite SKIPPED: PADDOCK_TEST_PG_URL is not set. ' +
  'Run `bash .ci/run` (installs and starts PostgreSQL) or set it to a postgres:// URL of a user that may create databases.\n\n';

export default function setup(): (() => void) | undefined {
  if (process.env['PADDOCK_TEST_PG_URL']) return undefined;
  if (process.env['CI'] === 'true') {
    throw new Error('CI=true but PADDOCK_TEST_PG_URL is not set: the PostgreSQL suite would be skipped.');
  }
  process.stderr.write(SKIPPED);
  return () => void process.stderr.write(SKIPPED);
}
