import fastJson from 'fast-json-stringify';
import type { Schema } from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * `X | null` as fast-json-stringify's `nullable`, which it writes without a second look;
 * it would otherwise validate every reply against both branches of the `anyOf` to pick one.
 */
function withNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullable);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).map(([key, value]) => [key, withNullable(value)] as const);
  const schema: JsonSchema = Object.fromEntries(entries);
  const branches = schema['anyOf'];
  if (Array.isArray(branches) && branches.length === 2) {
    const isNull = (b: unknown) => typeof b === 'object' && b !== null && (b as JsonSchema)['type'] === 'null' && Object.keys(b).length === 1;
    const other = branches.find((b) => !isNull(b)) as JsonSchema | undefined;
    if (other && branches.some(isNull)) {
      const rest = { ...schema };
      delete rest['anyOf'];
      return { ...rest, ...other, nullable: true };
    }
  }
  return schema;
}

/** A reply schema as the JSON Schema fast-json-stringify writes from. */
export function replyJsonSchema(schema: z.ZodType): Schema {
  return withNullable(z.toJSONSchema(schema, { target: 'draft-07', io: 'output', unrepresentable: 'any' })) as Schema;
}

/**
 * Replies are written by fast-json-stringify (Fastify's own serializer) from the contract's
 * schema: only the properties the schema names go out, so nothing a handler holds (a password
 * hash, say) can leak into a reply. The contract's types check what handlers return at compile
 * time; checking every reply again with zod at run time cost more than the rest of a lookup.
 */
export const replySerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) =>
  fastJson(schema instanceof z.ZodType ? replyJsonSchema(schema) : (schema as Schema));
