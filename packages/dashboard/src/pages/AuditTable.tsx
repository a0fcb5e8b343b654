import type { AuditEvent } from '@paddock/sdk';
import { formatTime } from '../format.js';
import { describeDetails } from './auditDetails.js';
import { TableRegion } from '../components/TableRegion.js';

export function AuditTable({ events, busy, label = 'Audit events' }: { events: AuditEvent[]; busy: boolean; label?: string }) {
  return (
    <TableRegion label={label}>
      <table aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={e.at.toISOString()}>{formatTime(e.at)}</time>
              </td>
              <td>{e.actor.label}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.target.label ?? e.target.id ?? e.target.type}</td>
              <td>{describeDetails(e)}</td>
            </tr>
          ))}
          {!busy && events.length === 0 && (
            <tr>
              <td colSpan={5}>No events.</td>
            </tr>
          )}
        </tbody>
      </table>
    </TableRegion>
  );
}
