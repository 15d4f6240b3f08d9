/** One notice as a MIME message (src/runtime/mime.ts): headers in encoded words where not ASCII, no header a value can add, both parts. */
import { describe, expect, it } from 'vitest';
import { headerText, mailbox, mimeMessage } from '../../src/runtime/mime.js';

const decode = (words: string) =>
  words
    .split('\r\n ')
    .map((w) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)![1]!, 'base64').toString('utf8'))
    .join('');

describe('MIME messages', () => {
  it('writes plain ASCII as it is, and anything else as encoded words of whole characters, folded', () => {
    expect(headerText('Your ballot is open')).toBe('Your ballot is open');
    const welsh = 'Mae eich pleidlais ar agor — Pwyllgor Gwaith Cenedlaethol: ŵ ŷ â ê î ô û '.repeat(3);
    const encoded = headerText(welsh);
    expect(encoded.split('\r\n ').every((w) => w.length <= 75)).toBe(true);
    expect(decode(encoded)).toBe(welsh);
    // A text that looks like an encoded word is encoded, so it reads as written.
    expect(decode(headerText('=?UTF-8?B?x?='))).toBe('=?UTF-8?B?x?=');
  });

  it('never lets a value start a header of its own', () => {
    expect(headerText('Hello\r\nBcc: everyone@example.org')).toBe('Hello Bcc: everyone@example.org');
    const message = mimeMessage({
      from: 'The Party <ballots@party.example>',
      to: 'ann@example.org\r\nBcc: x@example.org',
      subject: 'Hi\nBcc: y@example.org',
      text: 'a',
      html: '<p>a</p>',
      messageId: '<k@party.example>',
      headers: { 'X-Hustings-Idempotency-Key': 'inv/m1\r\nBcc: z@example.org' },
      date: new Date('2026-06-01T09:00:00Z'),
    });
    const head = message.split('\r\n\r\n')[0]!;
    expect(head.split('\r\n').filter((l) => /^Bcc:/i.test(l))).toEqual([]);
  });

  it('reads the sender as a display name and an address, encoding a name that is not ASCII', () => {
    expect(mailbox('The Party <ballots@party.example>')).toEqual({ header: 'The Party <ballots@party.example>', address: 'ballots@party.example' });
    expect(mailbox('"Plaid" <a@b.example>')).toEqual({ header: 'Plaid <a@b.example>', address: 'a@b.example' });
    expect(mailbox('ballots@party.example')).toEqual({ header: 'ballots@party.example', address: 'ballots@party.example' });
    expect(mailbox('Llafur Cymru — Pwyllgor <a@b.example>').header).toMatch(/^=\?UTF-8\?B\?.*\?= <a@b\.example>$/);
  });

  it('has a text and an HTML part, each UTF-8 in base64 lines of at most 76', () => {
    const text = `Annwyl Siân,\n\n${'Mae eich pleidlais ar agor. '.repeat(20)}\n`;
    const message = mimeMessage({
      from: 'a@b.example',
      to: 'c@d.example',
      subject: 'S',
      text,
      html: '<p>Annwyl Siân</p>',
      messageId: '<k@b.example>',
      headers: {},
      date: new Date('2026-06-01T09:00:00Z'),
    });
    expect(message).toContain('Date: Mon, 01 Jun 2026 09:00:00 +0000\r\n');
    const boundary = /boundary="([^"]+)"/.exec(message)![1]!;
    const parts = message.split(`--${boundary}`).slice(1, -1);
    expect(parts.map((p) => /Content-Type: ([^;]+)/.exec(p)![1])).toEqual(['text/plain', 'text/html']);
    const body = parts[0]!.split('\r\n\r\n')[1]!;
    expect(body.split('\r\n').every((l) => l.length <= 76)).toBe(true);
    expect(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')).toBe(text);
    expect(message.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });
});
