/**
 * Streaming a big JSON document's top-level object without parsing it whole:
 * bytes are scanned for strings and nesting only, the values of the keys asked
 * for are handed over as text (an array's elements one at a time, for the
 * arrays that hold the records), and everything else is skipped. Each piece is
 * then parsed by JSON.parse, which is native and fast, so memory follows the
 * largest record, not the file.
 */
import { InputError } from '../errors.js';

const QUOTE = 34;
const BACKSLASH = 92;
const LF = 10;

export interface JsonScanHandlers {
  /** Keys whose value is an array to hand over element by element. */
  readonly elements: ReadonlySet<string>;
  /** Keys whose whole value (an object or array) to hand over. */
  readonly values: ReadonlySet<string>;
  onElement?(key: string, text: string, line: number): void;
  onValue?(key: string, text: string, line: number): void;
}

export class TopLevelJsonScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  /** Where the scanner is in the top-level object. */
  private expectKey = false;
  private keyParts: Uint8Array[] | null = null;
  private key = '';
  /** 'value' once a key's colon is met; 'elements' inside an array whose elements are wanted. */
  private mode: 'none' | 'value' | 'elements' = 'none';
  private capture: { parts: Uint8Array[]; line: number; depth: number; kind: 'value' | 'element' } | null = null;
  private started = false;
  private ended = false;

  constructor(
    private readonly file: string,
    private readonly handlers: JsonScanHandlers,
  ) {}

  private fail(problem: string): never {
    throw new InputError(this.file, this.line, problem);
  }

  push(chunk: Uint8Array): void {
    let captureFrom = this.capture === null ? -1 : 0;
    let keyFrom = this.keyParts === null ? -1 : 0;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    const n = chunk.length;
    let k = 0;
    if (!this.started) {
      while (
        k < n &&
        (chunk[k] === 0x20 || chunk[k] === 0x09 || chunk[k] === 0x0d || chunk[k] === LF || chunk[k] === 0xef || chunk[k] === 0xbb || chunk[k] === 0xbf)
      ) {
        if (chunk[k] === LF) this.line++;
        k++;
      }
      if (k === n) return;
      if (chunk[k] !== 0x7b) this.fail('expected a JSON object ({ … }) for the cast-vote record report');
      this.started = true;
    }
    for (; k < n; k++) {
      const b = chunk[k] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (keyFrom >= 0) {
            (this.keyParts as Uint8Array[]).push(chunk.subarray(keyFrom, k + 1));
            this.key = JSON.parse(Buffer.concat(this.keyParts as Uint8Array[]).toString('utf8')) as string;
            this.keyParts = null;
            keyFrom = -1;
          }
        } else if (b === LF) this.line++;
        continue;
      }
      if (b === LF) {
        this.line++;
        continue;
      }
      if (b === 0x20 || b === 0x09 || b === 0x0d) continue;
      if (this.ended) this.fail('text after the end of the JSON document');
      // A value starts here when one is awaited: a top-level key's, or an element of a wanted array.
      if (this.capture === null && b !== 0x2c && b !== 0x5d && b !== 0x7d && b !== 0x3a) {
        const container = b === 0x7b || b === 0x5b;
        if (this.mode === 'value' && depth === 1) {
          this.mode = 'none';
          if (b === 0x5b && this.handlers.elements.has(this.key)) this.mode = 'elements';
          else if (container && this.handlers.values.has(this.key)) {
            this.capture = { parts: [], line: this.line, depth, kind: 'value' };
            captureFrom = k;
          }
        } else if (this.mode === 'elements' && depth === 2) {
          if (!container) this.fail(`the elements of ${JSON.stringify(this.key)} must be objects`);
          this.capture = { parts: [], line: this.line, depth, kind: 'element' };
          captureFrom = k;
        }
      }
      switch (b) {
        case QUOTE:
          inString = true;
          if (depth === 1 && this.expectKey) {
            this.expectKey = false;
            this.keyParts = [];
            keyFrom = k;
          }
          break;
        case 0x7b:
        case 0x5b:
          depth++;
          if (depth === 1) this.expectKey = true;
          break;
        case 0x7d:
        case 0x5d:
          depth--;
          if (depth < 0) this.fail(`an unmatched ${String.fromCharCode(b)}`);
          if (depth === 0) this.ended = true;
          if (this.mode === 'elements' && depth === 1) this.mode = 'none';
          break;
        case 0x3a:
          if (depth === 1) this.mode = 'value';
          break;
        case 0x2c:
          if (depth === 1) {
            this.expectKey = true;
            this.mode = 'none';
          }
          break;
      }
      const capture = this.capture;
      if (capture !== null) {
        // A capture (always an object or array) ends when the scanner is back at its depth.
        if ((b === 0x7d || b === 0x5d) && depth === capture.depth) {
          capture.parts.push(chunk.subarray(captureFrom, k + 1));
          this.emit(capture);
          this.capture = null;
          captureFrom = -1;
        }
      }
    }
    if (this.capture !== null && captureFrom >= 0) this.capture.parts.push(Uint8Array.from(chunk.subarray(captureFrom)));
    if (this.keyParts !== null && keyFrom >= 0) this.keyParts.push(Uint8Array.from(chunk.subarray(keyFrom)));
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
  }

  end(): void {
    if (!this.started) this.fail('the file is empty: expected a JSON cast-vote record report');
    if (!this.ended || this.inString) this.fail('the JSON document ends before it is complete');
  }

  private emit(capture: { parts: Uint8Array[]; line: number; kind: 'value' | 'element' }): void {
    const parts = capture.parts;
    const bytes = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (capture.kind === 'element') this.handlers.onElement?.(this.key, text, capture.line);
    else this.handlers.onValue?.(this.key, text, capture.line);
  }
}

/** JSON.parse, with a syntax error said at the line where the piece starts. */
export function parseJsonAt<T>(text: string, file: string, line: number): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new InputError(file, line, `not valid JSON (${(err as Error).message})`);
  }
}
