/**
 * Reading a posted form, strictly: only application/x-www-form-urlencoded, no
 * larger than the configured limit (counted as the bytes arrive, whatever the
 * Content-Length says), valid UTF-8, a bounded number of fields. Anything else
 * is a rejection with a status and a sentence, before any handler runs.
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
  let text: string;
  try {
    text = UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  } catch {
    return { ok: false, status: 400, message: 'The form sent is not valid UTF-8 text; nothing was saved.' };
  }
  return parseFormText(text);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

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
