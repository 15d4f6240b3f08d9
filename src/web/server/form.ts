/**
 * Reading a posted form, strictly: only application/x-www-form-urlencoded, no
 * larger than the configured limit (counted as the bytes arrive, whatever the
 * Content-Length says), valid UTF-8, a bounded number of fields. Anything else
 * is a rejection with a status and a sentence, before any handler runs.
 * The few routes that take a file (an administrator's membership export) read
 * multipart/form-data instead, within a larger limit of their own.
 */
import type { IncomingMessage } from 'node:http';

export type FormFields = Readonly<Record<string, string | readonly string[]>>;

export type FormRead = { readonly ok: true; readonly fields: FormFields } | { readonly ok: false; readonly status: 400 | 408 | 413; readonly message: string };

const MAX_FIELDS = 500;
const MAX_NAME = 200;

function kb(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}

/** Where a posted body comes from: its headers, and its bytes as they arrive. */
export interface PostedBody {
  header(name: string): string | undefined;
  /** The bytes; null when there is no body. */
  readonly chunks: AsyncIterable<Uint8Array> | null;
}

/** A fetch-API Request as a posted body (in-process calls: `app.request`, tests). */
export function requestBody(request: Request): PostedBody {
  return { header: (name) => request.headers.get(name) ?? undefined, chunks: request.body };
}

/**
 * Node's own request as a posted body (the app served by @hono/node-server):
 * read straight from the socket, without building a fetch-API Request and its
 * web stream, which cost more than the rest of reading a form. Stopping early
 * (too large) leaves the request unread rather than destroying it, so the 413
 * still reaches the client; the response then closes the connection.
 */
export function nodeBody(incoming: IncomingMessage): PostedBody {
  return {
    header: (name) => {
      const v = incoming.headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    },
    chunks: incoming.iterator({ destroyOnReturn: false }),
  };
}

/** Reads the body as a form; `limit` in bytes. */
export async function readForm(body: PostedBody, limit: number): Promise<FormRead> {
  const tooLarge = { ok: false, status: 413, message: `The form sent is larger than ${kb(limit)}, the most this site accepts; nothing was saved.` } as const;
  const declared = body.header('content-length');
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit) return tooLarge;

  const type = (body.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    // Read nothing of a body we will not use, but still refuse one that is too large as such.
    return {
      ok: false,
      status: 400,
      message: `This address accepts a form (application/x-www-form-urlencoded), not ${type === '' ? 'a request without a content type' : `"${type}"`}; nothing was saved.`,
    };
  }

  const bytes = await readBytes(body, limit, tooLarge);
  if (!(bytes instanceof Uint8Array)) return bytes;
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, status: 400, message: 'The form sent is not valid UTF-8 text; nothing was saved.' };
  }
  return parseFormText(text);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

type Refused = Extract<FormRead, { ok: false }>;

/** The body's bytes, counted as they arrive: `tooLarge` past the limit, a 408 if it stops arriving. */
async function readBytes(body: PostedBody, limit: number, tooLarge: Refused): Promise<Uint8Array | Refused> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (body.chunks) {
    try {
      // Leaving the loop early (too large) stops the source: the rest is never read.
      for await (const chunk of body.chunks) {
        size += chunk.length;
        if (size > limit) return tooLarge;
        chunks.push(chunk);
      }
    } catch {
      // The body stopped arriving: the client went away, or the server dropped it at the request timeout. Not a fault of ours or of the store.
      return { ok: false, status: 408, message: 'The form did not arrive in full, so nothing was saved. Please try again.' };
    }
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/** A file sent with a form: the name the browser gave it (without any folder), its bytes, and those as UTF-8 text (null when they are not). */
export interface UploadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly text: string | null;
}

export type UploadRead = { readonly ok: true; readonly fields: FormFields; readonly files: Readonly<Record<string, UploadedFile>> } | Refused;

/**
 * Reads the body as multipart/form-data (a form with a file): its fields, as readForm's, and its files
 * (their bytes, and their text when they are UTF-8; each route judges what it needs); `limit` in bytes.
 * A file field sent empty (none chosen) is left out.
 */
export async function readUpload(body: PostedBody, limit: number): Promise<UploadRead> {
  const tooLarge = { ok: false, status: 413, message: `The file sent is larger than ${mb(limit)}, the most this site accepts; nothing was saved.` } as const;
  const declared = body.header('content-length');
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit) return tooLarge;
  const contentType = body.header('content-type') ?? '';
  if (contentType.split(';')[0].trim().toLowerCase() !== 'multipart/form-data' || !/boundary=/i.test(contentType)) {
    return { ok: false, status: 400, message: 'This address accepts a form with a file (multipart/form-data); nothing was saved.' };
  }
  const bytes = await readBytes(body, limit, tooLarge);
  if (!(bytes instanceof Uint8Array)) return bytes;
  let parts: FormData;
  try {
    parts = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { ok: false, status: 400, message: 'The form sent is malformed (its parts cannot be read); nothing was saved.' };
  }
  const fields: Record<string, string | string[]> = Object.create(null);
  const files: Record<string, UploadedFile> = Object.create(null);
  let n = 0;
  for (const [name, value] of parts) {
    if (++n > MAX_FIELDS) return { ok: false, status: 400, message: `The form sent has more than ${MAX_FIELDS} fields; nothing was saved.` };
    if (name.length === 0 || name.length > MAX_NAME)
      return { ok: false, status: 400, message: 'The form sent has a field with no name or a name too long; nothing was saved.' };
    if (typeof value === 'string') {
      const had = fields[name];
      fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
      continue;
    }
    if (value.size === 0 && value.name === '') continue;
    if (files[name] !== undefined) return { ok: false, status: 400, message: `The form sent more than one file as "${name}"; nothing was saved.` };
    const bytes = new Uint8Array(await value.arrayBuffer());
    let text: string | null;
    try {
      text = UTF8.decode(bytes);
    } catch {
      text = null;
    }
    files[name] = { name: (value.name.split(/[\\/]/).pop() ?? '').slice(0, 200) || 'the file sent', bytes, text };
  }
  return { ok: true, fields, files };
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

export function parseFormText(text: string): FormRead {
  // URLSearchParams turns a bad %-escape into U+FFFD without complaint; refuse them instead.
  for (const part of text.split('&')) {
    if (part === '') continue;
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return { ok: false, status: 400, message: 'The form sent is malformed (a broken %-escape); nothing was saved.' };
    }
  }
  const params = new URLSearchParams(text);
  const fields: Record<string, string | string[]> = Object.create(null);
  let n = 0;
  for (const [name, value] of params) {
    if (++n > MAX_FIELDS) return { ok: false, status: 400, message: `The form sent has more than ${MAX_FIELDS} fields; nothing was saved.` };
    if (name.length === 0 || name.length > MAX_NAME)
      return { ok: false, status: 400, message: 'The form sent has a field with no name or a name too long; nothing was saved.' };
    const had = fields[name];
    if (had === undefined) fields[name] = value;
    else if (Array.isArray(had)) had.push(value);
    else fields[name] = [had as string, value];
  }
  return { ok: true, fields };
}
