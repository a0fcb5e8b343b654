import type { ErrorCode } from '../../errors.js';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
/** Where a SCIM error carries Paddock's catalogue code (and any details) beside the standard fields. */
export const PADDOCK_ERROR_SCHEMA = 'urn:paddock:params:scim:api:messages:2.0:Error';

/** The RFC 7644 §3.12 `scimType` a catalogue code means, when one applies and the refusal names none. */
const SCIM_TYPES: Partial<Record<ErrorCode, string>> = {
  EMAIL_TAKEN: 'uniqueness',
  WORKSPACE_NAME_TAKEN: 'uniqueness',
  EXTERNAL_ID_TAKEN: 'uniqueness',
  VALIDATION_FAILED: 'invalidValue',
  INVALID_REQUEST: 'invalidSyntax',
};

/**
 * A refusal in the SCIM shape: `status` as a string, `scimType` where one applies (a refusal may
 * name its own through `details.scimType`: invalidFilter, invalidPath, noTarget...), and Paddock's
 * code beside, under its own schema.
 */
export function scimErrorBody(code: ErrorCode, status: number, msg: string, extra?: Record<string, unknown>) {
  const { scimType: named, ...details } = extra ?? {};
  const scimType = typeof named === 'string' ? named : SCIM_TYPES[code];
  return {
    schemas: [ERROR_SCHEMA, PADDOCK_ERROR_SCHEMA],
    status: String(status),
    ...(scimType !== undefined && { scimType }),
    detail: msg,
    [PADDOCK_ERROR_SCHEMA]: { code, ...details },
  };
}
