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
