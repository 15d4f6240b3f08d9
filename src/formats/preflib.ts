/**
 * PrefLib ordinal data: .soi/.soc (strict orders, incomplete or complete) and
 * .toi/.toc (orders with ties), in both of PrefLib's layouts.
 *
 * Current layout (PrefLib 2022 onwards):
 *   # FILE NAME: 00001-00000001.toi
 *   # TITLE: …
 *   # DATA TYPE: toi
 *   # NUMBER ALTERNATIVES: 5
 *   # NUMBER VOTERS: 14
 *   # NUMBER UNIQUE ORDERS: 2
 *   # ALTERNATIVE NAME 1: Alice
 *   …
 *   12: 1,2,{3,4},5
 *   2: 3,1
 *
 * Legacy layout: the number of alternatives, then `k,name` lines, then
 * `voters,sum of counts,unique orders`, then `count,1,2,{3,4},5` lines.
 *
 * `{a,b}` ranks a and b equally. Strict-order files (.soi/.soc) may not have
 * ties, complete-order files (.soc/.toc) must rank every alternative, and no
 * order may name an alternative twice. The type comes from `# DATA TYPE` or the
 * file's extension (they must agree); with neither, orders are read as .toi.
 * Declared totals (`# NUMBER VOTERS`, `# NUMBER UNIQUE ORDERS`, the legacy
 * counts line) are checked against the orders read.
 */
import type { Election } from '../count/ballots.js';
import { InputError } from './errors.js';
import { readLines, titleFromFile, type LineReader } from './lines.js';
import { RankingMerger } from '../count/merge.js';

export type PreflibType = 'soi' | 'soc' | 'toi' | 'toc';
const TYPES: readonly string[] = ['soi', 'soc', 'toi', 'toc'];

export interface PreflibOptions {
  /** The data type, when the file's name does not end in it. */
  readonly type?: PreflibType;
}

const META = /^#\s*([A-Za-z][A-Za-z0-9 ]*?)\s*:\s?(.*)$/;
const ALTERNATIVE_NAME = /^ALTERNATIVE NAME (\d+)$/i;
const WHOLE = /^\d+$/;

interface Declared {
  readonly value: number;
  readonly line: number;
}

type Phase = 'start' | 'modern' | 'legacyNames' | 'legacyCounts' | 'legacyOrders';

export class PreflibReader implements LineReader<Election> {
  private lineNo = 0;
  private phase: Phase = 'start';
  private n = 0;
  private nLine = 0;
  private type: PreflibType | undefined;
  private title = '';
  private readonly names = new Map<number, string>();
  private voters: Declared | undefined;
  private unique: Declared | undefined;
  private orders = 0;
  private legacyNamesLeft = 0;
  private readonly merger = new RankingMerger();
  private readonly tokens: number[] = [];
  private readonly seen = new Set<number>();

  constructor(
    readonly file: string,
    options: PreflibOptions = {},
  ) {
    const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
    this.type = options.type ?? (ext !== undefined && TYPES.includes(ext) ? (ext as PreflibType) : undefined);
  }

  private fail(problem: string, line: number = this.lineNo): never {
    throw new InputError(this.file, line, problem);
  }

  line(raw: string): void {
    this.lineNo++;
    const text = raw.trim();
    if (text === '') return;
    switch (this.phase) {
      case 'start':
        if (text.startsWith('#')) {
          this.phase = 'modern';
          this.modern(text);
          return;
        }
        if (!WHOLE.test(text))
          this.fail(`expected PrefLib data: "# " header lines, or the number of alternatives (legacy layout), found ${JSON.stringify(text)}`);
        this.setAlternatives(Number(text));
        this.legacyNamesLeft = this.n;
        this.phase = this.n > 0 ? 'legacyNames' : 'legacyCounts';
        return;
      case 'modern':
        this.modern(text);
        return;
      case 'legacyNames': {
        const m = /^(\d+)\s*,(.*)$/.exec(text);
        if (!m) this.fail(`expected an alternative as "number,name", found ${JSON.stringify(text)}`);
        this.name(Number(m[1]), m[2].trim());
        if (--this.legacyNamesLeft === 0) this.phase = 'legacyCounts';
        return;
      }
      case 'legacyCounts': {
        const parts = text.split(',').map((s) => s.trim());
        if (parts.length !== 3 || !parts.every((s) => WHOLE.test(s))) {
          this.fail(`expected "voters,sum of counts,number of unique orders" after the ${this.n} alternatives, found ${JSON.stringify(text)}`);
        }
        this.voters = { value: Number(parts[1]), line: this.lineNo };
        this.unique = { value: Number(parts[2]), line: this.lineNo };
        this.phase = 'legacyOrders';
        return;
      }
      case 'legacyOrders': {
        const comma = text.indexOf(',');
        this.order(comma < 0 ? text : text.slice(0, comma), comma < 0 ? '' : text.slice(comma + 1));
        return;
      }
      default: {
        const never: never = this.phase;
        throw new Error(`unknown phase ${String(never)}`);
      }
    }
  }

  private setAlternatives(n: number): void {
    if (n < 1) this.fail('there must be at least one alternative');
    this.n = n;
    this.nLine = this.lineNo;
  }

  private name(k: number, name: string): void {
    if (this.n === 0) this.fail('ALTERNATIVE NAME before # NUMBER ALTERNATIVES');
    if (k < 1 || k > this.n) this.fail(`alternative ${k} is out of range: there are ${this.n} alternatives`);
    if (this.names.has(k)) this.fail(`alternative ${k} is named twice`);
    if (name === '') this.fail(`empty name for alternative ${k}`);
    this.names.set(k, name);
  }

  private modern(text: string): void {
    if (text.startsWith('#')) {
      if (this.orders > 0) this.fail('header lines ("# …") must come before the orders');
      const m = META.exec(text);
      if (!m) return;
      const key = m[1].toUpperCase().replace(/\s+/g, ' ');
      const value = m[2].trim();
      const alt = ALTERNATIVE_NAME.exec(key);
      if (alt) {
        this.name(Number(alt[1]), value);
        return;
      }
      if (value === '') return; // some writers leave fields they do not know blank
      switch (key) {
        case 'NUMBER ALTERNATIVES':
          if (!WHOLE.test(value)) this.fail(`NUMBER ALTERNATIVES must be a whole number, found ${JSON.stringify(value)}`);
          if (this.n !== 0) this.fail('NUMBER ALTERNATIVES is given twice');
          this.setAlternatives(Number(value));
          return;
        case 'NUMBER VOTERS':
        case 'NUMBER UNIQUE ORDERS': {
          if (!WHOLE.test(value)) this.fail(`${key} must be a whole number, found ${JSON.stringify(value)}`);
          const declared = { value: Number(value), line: this.lineNo };
          if (key === 'NUMBER VOTERS') this.voters = declared;
          else this.unique = declared;
          return;
        }
        case 'DATA TYPE': {
          const t = value.toLowerCase();
          if (!TYPES.includes(t)) this.fail(`DATA TYPE ${JSON.stringify(value)} is not an ordinal type this reader knows (soi, soc, toi, toc)`);
          if (this.type !== undefined && this.type !== t) this.fail(`DATA TYPE ${t} does not match the file's type ${this.type}`);
          this.type = t as PreflibType;
          return;
        }
        case 'TITLE':
          this.title = value;
          return;
        default:
          return;
      }
    }
    const m = /^(\d+)\s*:(.*)$/.exec(text);
    if (!m) this.fail(`expected an order as "count: 1,2,{3,4}", found ${JSON.stringify(text)}`);
    this.order(m[1], m[2]);
  }

  private order(countText: string, prefs: string): void {
    if (this.n === 0) this.fail('an order before # NUMBER ALTERNATIVES');
    const count = countText.trim();
    if (!WHOLE.test(count) || BigInt(count) === 0n) this.fail(`the count of an order must be a positive whole number, found ${JSON.stringify(count)}`);
    const type = this.type ?? 'toi';
    const tokens = this.tokens;
    tokens.length = 0;
    const seen = this.seen;
    seen.clear();
    let ranked = 0;
    const s = prefs;
    let i = 0;
    const len = s.length;
    const skipSpace = (): void => {
      while (i < len && (s[i] === ' ' || s[i] === '\t')) i++;
    };
    const alternative = (text: string, first: boolean): void => {
      const t = text.trim();
      if (!WHOLE.test(t)) this.fail(`${JSON.stringify(t)} is not an alternative number`);
      const k = Number(t);
      if (k < 1 || k > this.n) this.fail(`alternative ${k} is out of range: there are ${this.n} alternatives`);
      if (seen.has(k)) this.fail(`alternative ${k} appears twice in one order`);
      seen.add(k);
      ranked++;
      tokens.push(first ? k - 1 : -2 - (k - 1));
    };
    skipSpace();
    if (i < len) {
      for (;;) {
        skipSpace();
        if (s[i] === '{') {
          const close = s.indexOf('}', i);
          if (close < 0) this.fail('a tie opened with "{" is not closed with "}"');
          const inner = s.slice(i + 1, close);
          if (inner.includes('{')) this.fail('ties cannot be nested');
          const members = inner.split(',');
          if (inner.trim() === '') this.fail('an empty tie {}');
          if (members.length > 1 && (type === 'soi' || type === 'soc')) {
            this.fail(`a tie {${inner}} in strict-order data (.${type}); ties belong in .toi or .toc files`);
          }
          members.forEach((m, k) => {
            alternative(m, k === 0);
          });
          i = close + 1;
        } else {
          const comma = s.indexOf(',', i);
          const end = comma < 0 ? len : comma;
          const item = s.slice(i, end);
          if (item.includes('}')) this.fail(`"}" without "{" in ${JSON.stringify(s.trim())}`);
          alternative(item, true);
          i = end;
        }
        skipSpace();
        if (i >= len) break;
        if (s[i] !== ',') this.fail(`expected "," after an alternative or tie, found ${JSON.stringify(s.slice(i, i + 10))}`);
        i++;
      }
    }
    if ((type === 'soc' || type === 'toc') && ranked !== this.n) {
      this.fail(`a complete order (.${type}) must rank all ${this.n} alternatives; this one ranks ${ranked}`);
    }
    this.orders++;
    this.merger.add(tokens, tokens.length, BigInt(count));
  }

  finish(): Election {
    const last = Math.max(1, this.lineNo);
    if (this.phase === 'start') this.fail('the file is empty', last);
    if (this.phase === 'legacyNames') this.fail(`the file ends before all ${this.n} alternatives are named`, last);
    if (this.phase === 'legacyCounts') this.fail('the file ends before the "voters,sum of counts,unique orders" line', last);
    if (this.n === 0) this.fail('no # NUMBER ALTERNATIVES line', last);
    const names: string[] = [];
    for (let k = 1; k <= this.n; k++) {
      const name = this.names.get(k);
      if (name === undefined) this.fail(`no name for alternative ${k} (# ALTERNATIVE NAME ${k}: …)`, this.nLine);
      names.push(name);
    }
    const ballots = this.merger.build();
    if (this.voters !== undefined && BigInt(this.voters.value) !== ballots.total) {
      this.fail(`${this.voters.value} voters declared, but the orders' counts add up to ${ballots.total}`, this.voters.line);
    }
    if (this.unique !== undefined && this.unique.value !== this.orders) {
      this.fail(`${this.unique.value} unique orders declared, but the file has ${this.orders}`, this.unique.line);
    }
    return {
      title: this.title !== '' ? this.title : titleFromFile(this.file),
      candidates: names.map((name) => ({ name, attributes: {} })),
      seats: undefined,
      withdrawn: [],
      ballots,
    };
  }
}

/** Parses PrefLib data from a whole text or buffer; `file` (its extension gives the type) is used in error messages. */
export function parsePreflib(input: string | Uint8Array, file: string, options: PreflibOptions = {}): Election {
  return readLines(input, new PreflibReader(file, options));
}
