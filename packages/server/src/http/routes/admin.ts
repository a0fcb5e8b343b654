import type { FastifyInstance } from 'fastify';
import type { AuditService } from '../../services/audit.js';
import type { DoctorService } from '../../services/doctor.js';
import type { LicenseService } from '../../services/license.js';
import { mount } from '../contract.js';
import { auditQuery, doctorCheck, doctorFix, licenseGet, licenseUpload } from '../contracts/admin.js';
import { presentAuditEvent, presentLicense } from '../present.js';

export function adminRoutes(app: FastifyInstance, s: { license: LicenseService; audit: AuditService; doctor: DoctorService }): void {
  mount(app, licenseGet, async (_body, actor) => presentLicense(await s.license.status(actor)));
  mount(app, licenseUpload, async (body, actor) => {
    const installed = await s.license.install(actor, body.license);
    return { ...presentLicense(installed), warning: installed.warning };
  });

  mount(app, auditQuery, async (body, actor) => {
    const page = await s.audit.query(actor, {
      limit: body.limit,
      ...(body.actor !== undefined && { actor: body.actor.toLowerCase() }),
      ...(body.target !== undefined && { target: body.target.toLowerCase() }),
      ...(body.action !== undefined && { action: body.action }),
      ...(body.since !== undefined && { since: Date.parse(body.since) }),
      ...(body.until !== undefined && { until: Date.parse(body.until) }),
      ...(body.cursor !== undefined && { cursor: body.cursor }),
    });
    return { events: page.events.map(presentAuditEvent), next_cursor: page.nextCursor };
  });

  mount(app, doctorCheck, async (_body, actor) => ({ problems: await s.doctor.check(actor) }));
  mount(app, doctorFix, async (_body, actor) => s.doctor.fix(actor));
}
