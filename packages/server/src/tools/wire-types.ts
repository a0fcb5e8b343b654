/**
 * Writes the SDK's wire types (`packages/sdk/src/wire.generated.ts`) from the server's contracts,
 * so that the SDK cannot drift from what the server accepts and sends. Request bodies are typed as
 * the server takes them (`io: 'input'`), replies as it sends them (`io: 'output'`).
 *
 * `npm run wire` rewrites the file; `npm run wire -- --check` (and a unit test) fails when it is
 * out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { errorSchema } from '../http/contract.js';
import { allContracts } from '../http/contracts/index.js';

/** Where the generated file lives, from here (src/tools or dist/tools). */
export const WIRE_TYPES_FILE = fileURLToPath(new URL('../../../sdk/src/wire.generated.ts', import.meta.url));

type JsonSchema = Record<string, unknown>;

/** `service_accounts/create` -> `ServiceAccountsCreate`. */
export function typeName(path: string): string {
  return path
    .split(/[/_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function comment(text: string, indent: string): string {
  return `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */\n`;
}

function schemaOf(node: unknown, where: string): JsonSchema {
  if (typeof node === 'object' && node !== null && !Array.isArray(node)) return node as JsonSchema;
  if (node === true) return {};
  throw new Error(`${where}: unexpected schema ${JSON.stringify(node)}`);
}

/** Keys a printer understands; anything else in a schema (a `$ref`, tuples, ...) stops the generation. */
const KNOWN = new Set([
  '$schema', 'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'enum', 'const', 'anyOf', 'oneOf', 'allOf',
  'description', 'default', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minItems', 'maxItems', 'contentEncoding',
]);

/** The TypeScript type of a JSON Schema, for the subset the contracts use. */
function print(node: JsonSchema, indent: string, where: string): string {
  for (const key of Object.keys(node)) if (!KNOWN.has(key)) throw new Error(`${where}: cannot print the schema keyword ${key}`);
  if ('const' in node) return JSON.stringify(node['const']);
  if (Array.isArray(node['enum'])) return node['enum'].map((v) => JSON.stringify(v)).join(' | ');
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches)) return union(branches.map((b, i) => print(schemaOf(b, where), indent, `${where}.${key}[${i}]`)));
  }
  if (Array.isArray(node['allOf'])) {
    return node['allOf'].map((b, i) => print(schemaOf(b, where), indent, `${where}.allOf[${i}]`)).join(' & ');
  }
  const type = node['type'];
  if (Array.isArray(type)) return union(type.map((t) => print({ ...node, type: t }, indent, where)));
  switch (type) {
    case undefined:
      return 'unknown';
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = print(schemaOf(node['items'] ?? {}, where), indent, `${where}[]`);
      return /^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
    }
    case 'object':
      return printObject(node, indent, where);
    default:
      throw new Error(`${where}: cannot print the type ${JSON.stringify(type)}`);
  }
}

function union(types: string[]): string {
  return [...new Set(types)].join(' | ');
}

function printObject(node: JsonSchema, indent: string, where: string): string {
  const properties = Object.entries(schemaOf(node['properties'] ?? {}, where));
  const required = new Set((node['required'] as string[] | undefined) ?? []);
  const extra = node['additionalProperties'];
  const rest = extra === undefined || extra === false ? null : print(schemaOf(extra, where), indent, `${where}[string]`);
  if (properties.length === 0) return rest === null ? 'Record<string, never>' : `Record<string, ${rest}>`;
  const inner = `${indent}  `;
  let out = '{\n';
  for (const [name, raw] of properties) {
    const schema = schemaOf(raw, `${where}.${name}`);
    if (typeof schema['description'] === 'string') out += comment(schema['description'], inner);
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
    out += `${inner}${key}${required.has(name) ? '' : '?'}: ${print(schema, inner, `${where}.${name}`)};\n`;
  }
  if (rest !== null) out += `${inner}[key: string]: ${rest};\n`;
  return `${out}${indent}}`;
}

function declaration(name: string, schema: z.ZodType, io: 'input' | 'output', summary: string): string {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'throw' }) as JsonSchema;
  const type = print(json, '', name);
  const doc = comment(summary, '');
  return type.startsWith('{') ? `${doc}export interface ${name} ${type}\n` : `${doc}export type ${name} = ${type};\n`;
}

/** The whole generated file. */
export function wireTypes(): string {
  const contracts = allContracts();
  const parts = [
    '// Generated from the server\'s contracts (packages/server/src/http/contracts) by `npm run wire`: do not edit.\n' +
      '// Requests are typed as the server accepts them, replies as it sends them.\n',
  ];
  for (const c of contracts) {
    const name = `Wire${typeName(c.path)}`;
    parts.push(declaration(`${name}Request`, c.body, 'input', `\`${c.path}\`: ${c.summary}.`));
    parts.push(declaration(`${name}Reply`, c.reply, 'output', `What \`${c.path}\` answers.`));
  }
  parts.push(declaration('WireErrorReply', errorSchema, 'output', 'The body of every non-2xx API reply.'));
  const calls = contracts.map((c) => `  '${c.path}': { request: Wire${typeName(c.path)}Request; reply: Wire${typeName(c.path)}Reply };\n`);
  parts.push(`/** Every call of the HTTP API: path (under \`/v1/api/\`) to request and reply. */\nexport interface ApiCalls {\n${calls.join('')}}\n`);
  parts.push('export type ApiPath = keyof ApiCalls;\n');
  return parts.join('\n');
}

function main(): void {
  const text = wireTypes();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(WIRE_TYPES_FILE, 'utf8');
    } catch {
      // missing: out of date
    }
    if (current !== text) {
      console.error(`${WIRE_TYPES_FILE} is out of date: run npm run wire`);
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(WIRE_TYPES_FILE, text);
  console.log(`wrote ${WIRE_TYPES_FILE}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
