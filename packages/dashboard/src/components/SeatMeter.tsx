import type { License } from '@paddock/sdk';
import { formatCount } from '../format.js';
import { Link } from '../router.js';

const EDITION = { community: 'Community', enterprise: 'Enterprise' } as const;

/**
 * "4 of 5 seats used — Community", always in the header for admins; red when every seat is taken,
 * and saying by how many when more users are active than the licence allows. It opens the Seats
 * page: who holds a seat without using it, and the idle-seat policy.
 */
export function SeatMeter({ license }: { license: License | null }) {
  if (license === null) return null;
  const edition = EDITION[license.edition];
  const active = formatCount(license.activeUsers);
  const seats = license.seats === null ? '' : formatCount(license.seats);
  const text =
    license.seats === null
      ? `${active} seats used — ${edition}, unlimited`
      : license.overBy > 0
        ? `${active} of ${seats} seats used: ${formatCount(license.overBy)} over the licence — ${edition}`
        : `${active} of ${seats} seats used — ${edition}`;
  const state = license.overBy > 0 ? 'over' : license.seats !== null && license.activeUsers >= license.seats ? 'full' : null;
  return (
    <Link to="/seats" className={state === null ? 'seats' : `seats ${state}`} aria-label={`Seats: ${text}. Open the seats page`} data-testid="seat-meter">
      {license.seats !== null && <meter min={0} max={license.seats} value={Math.min(license.activeUsers, license.seats)} aria-hidden="true" />}
      <span role="status">{text}</span>
    </Link>
  );
}
