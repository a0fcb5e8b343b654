import { overUse } from '../services/license.js';
import type { LicenseStatus, SetAsideLicense } from '../services/license.js';

const FROM = { uploaded: 'uploaded (stored in the database)', PADDOCK_LICENSE: 'from PADDOCK_LICENSE', none: 'no licence uploaded or in PADDOCK_LICENSE' } as const;

/** A start-up warning: its sentence for the banner, and its facts for the log line. */
export interface Warning {
  text: string;
  details: Record<string, unknown>;
}

/**
 * What start-up says about the licence: the one in force and where it came from, its seats in use,
 * and a warning for each licence set aside and for more active users than seats.
 */
export function licenseBanner(report: LicenseStatus): { lines: string[]; warnings: Warning[] } {
  const seats = report.seats === null ? 'unlimited seats' : `${report.seats} seats`;
  const edition = report.edition === 'community' ? `Community (${report.seats} active users)` : `Enterprise for ${report.licensee ?? '-'}, ${seats}`;
  const lines = [
    `licence:  ${edition}, ${report.source === 'none' && report.setAside.length > 0 ? 'no valid licence (see the warning below)' : FROM[report.source]}`,
    `seats:    ${report.activeUsers}${report.seats === null ? ' in use, unlimited' : ` of ${report.seats} in use`}${report.overBy > 0 ? `, ${report.overBy} over the licence` : ''}`,
  ];
  const warnings: Warning[] = report.setAside.map((s) => ({
    text: `the ${s.source === 'uploaded' ? 'uploaded licence' : 'licence in PADDOCK_LICENSE'} is not used: ${s.message}${hint(s)}`,
    details: { set_aside: s.source, reason: s.reason, in_force: report.source },
  }));
  if (report.overBy > 0 && report.seats !== null) {
    warnings.push({ text: overUse(report.seats, report.activeUsers), details: { seats: report.seats, active_users: report.activeUsers, over_by: report.overBy } });
  }
  return { lines, warnings };
}

function hint(s: SetAsideLicense): string {
  if (s.source !== 'uploaded') return '.';
  if (s.reason === 'BAD_SIGNATURE') return ' (was PADDOCK_LICENSE_PUBLIC_KEY changed?). Restore the key, or upload a licence signed with it.';
  if (s.reason === 'EXPIRED') return '. Upload a renewed licence.';
  return '. Upload a valid licence.';
}
