/** Feeding line-oriented readers from whole texts, buffers or streamed chunks. */

/** The title of an election whose format has none: the file's name without directory or extension. */
export function titleFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** A reader that takes one line at a time (without its line end) and builds a result at the end. */
export interface LineReader<T> {
  line(text: string): void;
  finish(): T;
}

/** Splits streamed text into lines ending in LF or CRLF; the last line may lack a line end. */
export class LineSplitter {
  private rest = '';
  private first = true;

  constructor(private readonly onLine: (text: string) => void) {}

  push(text: string): void {
    let s = this.rest.length > 0 ? this.rest + text : text;
    if (this.first && s.length > 0) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    let start = 0;
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
      const end = nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.onLine(s.slice(start, end));
      start = nl + 1;
    }
    this.rest = s.slice(start);
  }

  end(): void {
    if (this.rest.length === 0) return;
    const r = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
    this.rest = '';
    this.onLine(r);
  }
}

/** Decodes UTF-8 bytes, or passes a string through. */
export function textOf(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
}

/** Runs a line reader over a whole text or buffer. */
export function readLines<T>(input: string | Uint8Array, reader: LineReader<T>): T {
  const splitter = new LineSplitter((l) => reader.line(l));
  splitter.push(textOf(input));
  splitter.end();
  return reader.finish();
}

/**
 * A reader that takes bytes a run of whole lines at a time: `bytes[start, end)` holds lines each ending
 * in LF (or CRLF), except that the last run of a file may end without one.
 */
export interface ByteLineReader<T> {
  lines(bytes: Uint8Array, start: number, end: number): void;
  finish(): T;
}

/** Bytes of a UTF-8 byte order mark at the start of `bytes[0, end)`, or 0. */
function bomLength(bytes: Uint8Array, end: number): number {
  return end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** Runs a byte line reader over a whole buffer. */
export function readByteLines<T>(bytes: Uint8Array, reader: ByteLineReader<T>): T {
  reader.lines(bytes, bomLength(bytes, bytes.length), bytes.length);
  return reader.finish();
}

/**
 * Feeds a byte line reader from a file read in chunks straight into its buffer (`space`, then
 * `commit`): each commit hands over the whole lines and moves only the unfinished last line to the
 * front, so no chunk is copied or decoded as a whole.
 */
export class ByteLineFeeder<T> {
  private buf = new Uint8Array(0);
  private len = 0;
  private first = true;

  constructor(private readonly reader: ByteLineReader<T>) {}

  /** Room for `n` more bytes; write into it, then `commit` the number written. */
  space(n: number): Uint8Array {
    if (this.len + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.len + n, this.len * 2));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    return this.buf.subarray(this.len, this.len + n);
  }

  commit(n: number): void {
    this.len += n;
    const last = this.buf.lastIndexOf(10, this.len - 1);
    if (last < 0) return;
    this.hand(last + 1);
    this.buf.copyWithin(0, last + 1, this.len);
    this.len -= last + 1;
  }

  /** Hands over what is left (a last line without a line end) and returns the reader's result. */
  end(): T {
    if (this.len > 0) this.hand(this.len);
    this.len = 0;
    return this.reader.finish();
  }

  private hand(end: number): void {
    let start = 0;
    if (this.first) {
      this.first = false;
      start = bomLength(this.buf, end);
    }
    this.reader.lines(this.buf, start, end);
  }
}
