import { GraphQLScalarType, Kind } from 'graphql';
import { AppError } from '../../errors.js';

function integerId(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new AppError('VALIDATION_FAILED', 'bigint: must be a non-negative integer.');
  return n;
}

/** Hasura's bigint, as the ids of Paddock's workspaces: a safe integer, also accepted as a string of digits. */
export const bigint = new GraphQLScalarType<number, number>({
  name: 'bigint',
  description: "A workspace id (Hasura's bigint).",
  serialize: integerId,
  parseValue: integerId,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT && ast.kind !== Kind.STRING) throw new AppError('VALIDATION_FAILED', 'bigint: must be an integer.');
    return integerId(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
  },
});

/** Hasura's timestamptz: served as ISO-8601 with an offset; Paddock takes none as input. */
export const timestamptz = new GraphQLScalarType<string, string>({
  name: 'timestamptz',
  description: "An instant, ISO-8601 with offset (Hasura's timestamptz).",
  serialize: (value) => {
    if (typeof value !== 'string') throw new TypeError('timestamptz: not a timestamp');
    return value;
  },
  parseValue: () => {
    throw new AppError('VALIDATION_FAILED', 'timestamptz: not accepted as input.');
  },
  parseLiteral: () => {
    throw new AppError('VALIDATION_FAILED', 'timestamptz: not accepted as input.');
  },
});
