/** The key Node's `util.inspect` (and so `console.log` and the REPL) looks up for a custom view. */
export const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * JSON the way Python's `json.dumps` writes it by default: `": "` and `", "` separators and
 * non-ASCII characters escaped, so objects print exactly as the Wallaroo SDK's do.
 */
export function pythonJson(value: Readonly<Record<string, string | number | boolean | null>>): string {
  const entries = Object.entries(value).map(([key, item]) => `${asciiJson(key)}: ${asciiJson(item)}`);
  return `{${entries.join(', ')}}`;
}

function asciiJson(value: string | number | boolean | null): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
