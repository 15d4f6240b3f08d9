/**
 * Reading a posted form, strictly: only application/x-www-form-urlencoded, no
 * larger than the configured limit (counted as the bytes arrive, whatever the
 * Content-Length says), valid UTF-8, a bounded number of fields. Anything else
 * is a rejection with a status and a sentence, before any handler runs.
 */

export type FormFields = Readonly<Record<string, string | readonly string[]>>;

export type FormRead = { readonly ok: true; readonly fields: FormFields } | { readonly ok: false; readonly status: 400 | 413; readonly message: string };

const MAX_FIELDS = 500;
const MAX_NAME = 200;

function kb(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}

/** Reads the body as a form; `limit` in bytes. */
export async function readForm(request: Request, limit: number): Promise<FormRead> {
  const tooLarge = { ok: false, status: 413, message: `The form sent is larger than ${kb(limit)}, the most this site accepts; nothing was saved.` } as const;
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) return tooLarge;

  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
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
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return { ok: false, status: 400, message: 'The form sent is not valid UTF-8 text; nothing was saved.' };
  }
  return parseFormText(text);
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
    if (name.length === 0 || name.length > MAX_NAME) return { ok: false, status: 400, message: 'The form sent has a field with no name or a name too long; nothing was saved.' };
    const had = fields[name];
    if (had === undefined) fields[name] = value;
    else if (Array.isArray(had)) had.push(value);
    else fields[name] = [had as string, value];
  }
  return { ok: true, fields };
}

/** One text field: absent → undefined; given twice → an error message. */
export function single(fields: FormFields, name: string): { value: string | undefined; error?: string } {
  const v = fields[name];
  if (v === undefined) return { value: undefined };
  if (typeof v !== 'string') return { value: undefined, error: `The field "${name}" was sent more than once.` };
  return { value: v };
}

/** A field that may be repeated (checkboxes): always a list. */
export function many(fields: FormFields, name: string): readonly string[] {
  const v = fields[name];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}
