/**
 * One notice as an Internet message (RFC 5322 with MIME): a plain text and an HTML part, the
 * headers that name it, UTF-8 throughout. Built here as one string and handed to nodemailer as
 * it is, because nodemailer's own composer costs more CPU per message than the sending does, and
 * a national run sends hundreds of thousands.
 */
import { randomBytes } from 'node:crypto';

export interface MimeParts {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly date: Date;
}

/** No line breaks in a header's value: a template or setting can never add a header of its own. */
const oneLine = (value: string): string => value.replace(/[\r\n]+\s*/g, ' ');

const PLAIN = /^[\x20-\x7e]*$/;

/** A header text as RFC 2047 encoded words where it is not plain ASCII, each word whole characters of at most 45 bytes. */
export function headerText(value: string): string {
  const text = oneLine(value);
  if (PLAIN.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

/** `Name <address>` with the name encoded if need be, and the bare address for the envelope. */
export function mailbox(text: string): { readonly header: string; readonly address: string } {
  const named = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/.exec(text);
  if (named === null) return { header: oneLine(text.trim()), address: text.trim() };
  const [, name, address] = named as unknown as [string, string, string];
  return { header: name === '' ? `<${address}>` : `${headerText(name)} <${address}>`, address };
}

const base64Lines = (text: string): string => Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

export function mimeMessage(m: MimeParts): string {
  const boundary = `hustings-${randomBytes(12).toString('hex')}`;
  const part = (type: string, body: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}\r\n`;
  const extra = Object.entries(m.headers).map(([name, value]) => `${name.replace(/[^A-Za-z0-9-]/g, '')}: ${headerText(value)}\r\n`);
  return (
    `From: ${mailbox(m.from).header}\r\n` +
    `To: ${oneLine(m.to)}\r\n` +
    `Subject: ${headerText(m.subject)}\r\n` +
    `Date: ${m.date.toUTCString().replace('GMT', '+0000')}\r\n` +
    `Message-ID: ${oneLine(m.messageId)}\r\n` +
    extra.join('') +
    'MIME-Version: 1.0\r\n' +
    `Content-Type: multipart/alternative; boundary="${boundary}"\r\n` +
    '\r\n' +
    part('text/plain', m.text) +
    part('text/html', m.html) +
    `--${boundary}--\r\n`
  );
}
