/**
 * The one way audit data becomes text: canonical JSON, so that the same data
 * always gives the same bytes (and the same hash) whoever writes it and in
 * whatever order its keys were built.
 *
 * It is the JSON Canonicalization Scheme (RFC 8785) restricted to what audit
 * data may hold: objects, arrays, strings, booleans, null and safe integers.
 * Object keys are sorted by UTF-16 code units, there is no whitespace, and
 * strings are escaped as JSON.stringify escapes them (which is what RFC 8785
 * prescribes). Fractions are refused rather than formatted, so no number ever
 * depends on how a platform prints a double.
 */

export type JsonScalar = string | number | boolean | null;
export type JsonValue = JsonScalar | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** Data that cannot be put in the audit log (a bug in the caller, or tampered data read back). */
export class AuditDataError extends Error {
  override readonly name = 'AuditDataError';
}

export function canonicalJson(value: unknown): string {
  return write(value, '');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new AuditDataError(`${where(path)} is ${value}: audit data holds whole numbers only`);
      // -0 would print as 0 and read back as 0: the same value, so no harm, but say it plainly.
      return String(value === 0 ? 0 : value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${path}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new AuditDataError(`${where(path)} is not plain data`);
      const keys = Object.keys(value).sort(compareUtf16);
      const parts: string[] = [];
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) throw new AuditDataError(`${where(`${path}.${k}`)} is undefined: write null for "none"`);
        parts.push(`${JSON.stringify(k)}:${write(v, `${path}.${k}`)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new AuditDataError(`${where(path)} is a ${typeof value}, which JSON cannot hold`);
  }
}

const where = (path: string): string => (path === '' ? 'the value' : `the field ${path.replace(/^\./, '')}`);

/** Code-unit order, as RFC 8785 sorts keys (not locale order, not code-point order). */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
