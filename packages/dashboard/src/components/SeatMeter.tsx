import type { License } from '@paddock/sdk';
import { Link } from '../router.js';

const EDITION = { community: 'Community', enterprise: 'Enterprise' } as const;

/** "4 of 5 seats used — Community", always in the header for admins. */
export function SeatMeter({ license }: { license: License | null }) {
  if (license === null) return null;
  const text =
    license.seats === null
      ? `${license.activeUsers} seats used — ${EDITION[license.edition]}, unlimited`
      : `${license.activeUsers} of ${license.seats} seats used — ${EDITION[license.edition]}`;
  const full = license.seats !== null && license.activeUsers >= license.seats;
  return (
    <Link to="/license" className={full ? 'seats full' : 'seats'} aria-label={`Seats: ${text}. Open the licence page`} data-testid="seat-meter">
      {license.seats !== null && <meter min={0} max={license.seats} value={Math.min(license.activeUsers, license.seats)} aria-hidden="true" />}
      <span role="status">{text}</span>
    </Link>
  );
}
