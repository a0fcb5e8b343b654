import { z } from 'zod';
import type { ScimListing } from '../../services/scim.js';
import { MAX_RESULTS } from './discovery.js';
import { check, parseQueryFilter } from './input.js';
import { parseProjection } from './resources.js';
import type { Projection } from './resources.js';

const number = z.union([z.number().int(), z.string().regex(/^-?\d{1,10}$/, 'must be an integer').transform(Number)]);

const query = z.looseObject({
  filter: z.string().optional(),
  startIndex: number.optional(),
  count: number.optional(),
  attributes: z.string().max(2000).optional(),
  excludedAttributes: z.string().max(2000).optional(),
});

/** A listing's query string (RFC 7644 §3.4.2): startIndex below 1 is 1, count is 0 to MAX_RESULTS. */
export function listingOf(raw: unknown, coreUrn: string): { listing: ScimListing; projection: Projection } {
  const q = check(query, raw, 'query');
  const filter = parseQueryFilter(q.filter);
  const listing: ScimListing = {
    startIndex: Math.max(1, q.startIndex ?? 1),
    count: Math.min(MAX_RESULTS, Math.max(0, q.count ?? MAX_RESULTS)),
    ...(filter !== undefined && { filter }),
  };
  return { listing, projection: projectionOf(q, coreUrn) };
}

export function projectionOf(raw: unknown, coreUrn: string): Projection {
  const q = check(query, raw ?? {}, 'query');
  return parseProjection(q.attributes, q.excludedAttributes, coreUrn);
}
