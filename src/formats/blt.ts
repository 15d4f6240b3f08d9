/**
 * BLT ballot files (Hill, Wichmann & Woodall 1987), with the extensions of
 * OpenSTV and Droop, read one line at a time:
 *
 *   5 2                      candidates, seats
 *   -2 -5                    withdrawn candidates (optional; one or more lines)
 *   3 1 3 4 0                weight, candidate numbers from 1, then 0
 *   1 2=4 - 1 0              `2=4` ranks 2 and 4 equally; `-` is a skipped rank
 *   (b-17) 1 3 0             an optional ballot id in parentheses (ignored)
 *   0                        end of ballots
 *   "Adam"                   one name per candidate, then the title
 *   "Title"
 *
 * Droop's option lines may stand after the first line, among the withdrawn
 * lines, or after the 0 line before the names (each a whole line, several
 * options to a line allowed):
 *
 *   [nick a b c d e]         a short name for each candidate, in order; ballots
 *                            and the other options may then write `a` for 1
 *   [withdrawn c 4]          withdrawn candidates, as `-3 -4` would say
 *   [tie 3 1 2 5 4]          the tie-break order: in any tie the first listed of
 *                            the tied is chosen (Droop's rule), used by
 *                            --tie-break order unless --tie-order is given
 *   [droop meek precision=18] options for the count, kept on the election
 *   [undeclared 4]           undeclared write-in candidates (Minneapolis's rule
 *                            defeats them first)
 *
 * A ballot line may leave out its closing 0 (OpenTally writes them so). Lines
 * after the title (Droop's optional source and comment strings) are ignored.
 *
 * - One ballot per line. `#` starts a comment on number lines; a line whose first
 *   character is `#` is a comment anywhere. Name and title lines are taken
 *   whole (names may contain `#`), except that a quoted one may be followed by
 *   a comment.
 * - Names and the title may be quoted. Inside quotes a doubled quote is one
 *   quote, as in CSV (the Scottish 2012 and 2022 files write
 *   `"Gill AL-SAMARAI ""Scottish National Party (SNP)"""`, which reads
 *   `Gill AL-SAMARAI "Scottish National Party (SNP)"`). A quoted name whose inner
 *   quotes are not doubled (`"Bob "Bobby" Smith"`) is read as the text between
 *   its first and last quote. Names and the title are trimmed.
 * - PrefLib-style `# ALTERNATIVE NAME k: name` comments name the candidates when
 *   the file has no name lines (the 2007 Glasgow files have only a title).
 * - Weights are whole numbers of ballots.
 * - One known malformed dialect is read: a file whose first line ends with a
 *   comma (`5 1,`) is a one-column spreadsheet export in which every line
 *   carries a trailing comma. One trailing comma is then removed from each line;
 *   nothing else changes, so a name written `Wilma,LUMSDEN` stays as written.
 *   Every number in such a file still reads one way only. Outside that dialect a
 *   trailing comma is an error.
 */
import { SKIP, ranksOf, type Candidate, type Election } from '../count/ballots.js';
import { InputError } from './errors.js';
import { readByteLines, readLines, type ByteLineReader, type LineReader } from './lines.js';
import { RankingMerger, grown, wholeBig } from '../count/merge.js';

const ALTERNATIVE_NAME = /^#\s*ALTERNATIVE NAME\s+(\d+)\s*:\s?(.*)$/i;
const WHOLE = /^\d+$/;
const NEGATIVE = /^-\d+$/;
const DECIMAL = /^[+-]?(\d+\.\d*|\.\d+)$/;
const OPTION_NAMES = ['nick', 'withdrawn', 'tie', 'droop', 'undeclared'];

type Phase = 'header' | 'withdrawn' | 'ballots' | 'names';

interface TextLine {
  readonly text: string;
  readonly line: number;
}

interface CommentName {
  readonly candidate: number;
  readonly name: string;
  readonly line: number;
}

/** Decodes the lines the byte reader does not read itself (names, the title, options, mistakes). */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Reads BLT one line at a time, as text (`line`) or bytes (`lines`); `finish()` returns the election. */
export class BltReader implements LineReader<Election>, ByteLineReader<Election> {
  private lineNo = 0;
  private phase: Phase = 'header';
  private candidateCount = 0;
  private seats = 0;
  private trailingCommas = false;
  private readonly withdrawn: number[] = [];
  private readonly undeclared: number[] = [];
  private readonly merger = new RankingMerger();
  private readonly tokens: number[] = [];
  private run = new Int32Array(64);
  private readonly texts: TextLine[] = [];
  private readonly commentNames: CommentName[] = [];
  private endLine = 0;
  private nicknames: string[] | undefined;
  private readonly nickIndex = new Map<string, number>();
  private tieOrder: number[] | undefined;
  private readonly countOptions: string[] = [];
  private readonly countOptionLines: number[] = [];

  constructor(readonly file: string) {}

  private fail(problem: string, line: number = this.lineNo): never {
    throw new InputError(this.file, line, problem);
  }

  line(raw: string): void {
    const n = ++this.lineNo;
    let text = raw.trim();
    if (text === '') return;
    if (text.charCodeAt(0) === 35) {
      const m = ALTERNATIVE_NAME.exec(text);
      if (m) this.commentNames.push({ candidate: Number(m[1]), name: m[2].trim(), line: n });
      return;
    }
    if (this.phase === 'header') {
      this.trailingCommas = /^\d+\s+\d+\s*,$/.test(text);
    }
    if (this.trailingCommas && text.endsWith(',')) text = text.slice(0, -1).trimEnd();
    switch (this.phase) {
      case 'header':
        this.header(stripComment(text));
        return;
      case 'withdrawn': {
        const t = stripComment(text);
        if (t.charCodeAt(0) === 91) {
          this.optionLine(t);
          return;
        }
        if (NEGATIVE.test(t.split(/\s+/)[0])) {
          this.withdrawnLine(t);
          return;
        }
        this.phase = 'ballots';
        if (!this.plainBallot(text)) this.ballot(text);
        return;
      }
      case 'ballots':
        if (!this.plainBallot(text)) this.ballot(text);
        return;
      case 'names':
        if (this.texts.length === 0 && text.charCodeAt(0) === 91) {
          this.optionLine(stripComment(text));
          return;
        }
        this.texts.push({ text, line: n });
        return;
      default: {
        const never: never = this.phase;
        throw new Error(`unknown phase ${String(never)}`);
      }
    }
  }

  /**
   * Reads whole lines from bytes. Plain ballot lines, nearly all of a file, are read from the bytes
   * without making a string; every other line is decoded and read by `line`, so it means and fails
   * exactly as it does in text.
   */
  lines(bytes: Uint8Array, start: number, end: number): void {
    let i = start;
    while (i < end) {
      if (this.phase === 'ballots' && !this.trailingCommas) {
        const next = this.plainBallotBytes(bytes, i, end);
        if (next >= 0) {
          this.lineNo++;
          i = next;
          continue;
        }
      }
      let nl = bytes.indexOf(10, i);
      if (nl < 0 || nl >= end) nl = end;
      const stop = nl > i && bytes[nl - 1] === 13 ? nl - 1 : nl;
      this.line(UTF8.decode(bytes.subarray(i, stop)));
      i = nl + 1;
    }
  }

  /**
   * `plainBallot` over the bytes of the line at `i` (which must start with its weight and end at its
   * last token): where the next line starts, or -1, having added nothing, for any other line.
   */
  private plainBallotBytes(b: Uint8Array, i: number, end: number): number {
    // The `!`s read b[k] for k < end, and the run at its length (grown first).
    const candidates = this.candidateCount;
    const first = i;
    let weight = 0;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c < 48 || c > 57) break;
      weight = weight * 10 + (c - 48);
    }
    if (i === first || i - first > 15 || weight === 0) return -1;
    let length = 0;
    for (;;) {
      const next = lineEnd(b, i, end);
      if (next >= 0) {
        if (length === 0) return -1;
        // A ballot without its closing 0, as OpenTally writes them.
        this.merger.addWhole(this.run, length, weight);
        return next;
      }
      const gap = i;
      while (i < end && (b[i] === 32 || b[i] === 9)) i++;
      if (i === gap || i === end) return -1;
      if (length + 1 >= this.run.length) this.run = grown(this.run, length + 2);
      let c = b[i]!;
      if (c === 45) {
        i++;
        this.run[length++] = SKIP;
        continue;
      }
      let members = 0;
      for (;;) {
        let v = 0;
        const start = i;
        for (; i < end; i++) {
          c = b[i]!;
          if (c < 48 || c > 57) break;
          v = v * 10 + (c - 48);
        }
        if (i === start || i - start > 9) return -1;
        if (v === 0) {
          // The 0 that ends the ballot: alone, and last on the line.
          const after = lineEnd(b, i, end);
          if (members > 0 || after < 0 || i - start !== 1) return -1;
          this.merger.addWhole(this.run, length, weight);
          return after;
        }
        if (v > candidates) return -1;
        if (length + 1 >= this.run.length) this.run = grown(this.run, length + 2);
        this.run[length++] = members === 0 ? v - 1 : -2 - (v - 1);
        members++;
        if (i < end && b[i] === 61) {
          i++;
          continue;
        }
        break;
      }
    }
  }

  private header(text: string): void {
    const parts = text.split(/\s+/);
    if (parts.length !== 2 || !WHOLE.test(parts[0]) || !WHOLE.test(parts[1])) {
      this.fail(`expected the number of candidates and the number of seats (e.g. "5 2"), found ${JSON.stringify(text)}`);
    }
    this.candidateCount = Number(parts[0]);
    this.seats = Number(parts[1]);
    if (this.candidateCount < 1) this.fail('there must be at least one candidate');
    if (this.seats < 1) this.fail('the number of seats must be at least 1');
    if (this.seats > this.candidateCount) this.fail(`${this.seats} seats but only ${this.candidateCount} candidates`);
    this.phase = 'withdrawn';
  }

  private withdrawnLine(text: string): void {
    for (const tok of text.split(/\s+/)) {
      if (!NEGATIVE.test(tok)) this.fail(`expected withdrawn candidates as negative numbers (e.g. "-2 -5"), found ${JSON.stringify(tok)}`);
      const c = Number(tok.slice(1));
      if (c < 1 || c > this.candidateCount) this.fail(`withdrawn candidate ${tok} is out of range: there are ${this.candidateCount} candidates`);
      this.withdraw(c - 1, String(c));
    }
  }

  /** One or more Droop options, `[name value …]`, filling a line. */
  private optionLine(text: string): void {
    let rest = text;
    while (rest !== '') {
      if (rest.charCodeAt(0) !== 91) this.fail(`expected an option in brackets such as [tie 2 1 3], found ${JSON.stringify(rest)}`);
      const close = rest.indexOf(']');
      if (close < 0) this.fail(`the option ${JSON.stringify(rest)} is not closed with "]" on its line`);
      const words = rest
        .slice(1, close)
        .trim()
        .split(/\s+/)
        .filter((w) => w !== '');
      rest = rest.slice(close + 1).trim();
      const name = words.shift();
      if (name === undefined) this.fail('an empty option "[]": expected one of ' + OPTION_NAMES.map((o) => `[${o} …]`).join(', '));
      switch (name) {
        case 'nick':
          this.nickOption(words);
          break;
        case 'withdrawn':
          if (words.length === 0) this.fail('[withdrawn] names no candidate');
          for (const w of words) this.withdraw(this.candidateOf(w, '[withdrawn]'), w);
          break;
        case 'tie':
          this.tieOption(words);
          break;
        case 'droop':
          this.countOptions.push(...words);
          this.countOptionLines.push(...words.map(() => this.lineNo));
          break;
        case 'undeclared':
          if (words.length === 0) this.fail('[undeclared] names no candidate');
          for (const w of words) {
            const c = this.candidateOf(w, '[undeclared]');
            if (this.undeclared.includes(c)) this.fail(`[undeclared] lists candidate ${w} twice`);
            this.undeclared.push(c);
          }
          break;
        default:
          this.fail(`unknown option [${name}]: the options are ${OPTION_NAMES.map((o) => `[${o} …]`).join(', ')}`);
      }
    }
  }

  private nickOption(words: readonly string[]): void {
    if (this.nicknames) this.fail('a second [nick] line: the nicknames are already given');
    if (words.length !== this.candidateCount)
      this.fail(`[nick] gives ${words.length} nicknames for ${this.candidateCount} candidates: give one for each, in order`);
    for (const [k, w] of words.entries()) {
      if (/[=()#"]/.test(w) || w === '-') this.fail(`nickname ${JSON.stringify(w)} cannot be used: a nickname cannot be "-" or contain = ( ) # or "`);
      if (WHOLE.test(w) && Number(w) !== k + 1) this.fail(`nickname ${w} for candidate ${k + 1} would read as candidate number ${w}`);
      if (this.nickIndex.has(w)) this.fail(`nickname ${JSON.stringify(w)} is given to two candidates`);
      this.nickIndex.set(w, k);
    }
    this.nicknames = [...words];
  }

  private tieOption(words: readonly string[]): void {
    if (this.tieOrder) this.fail('a second [tie] line: the tie-break order is already given');
    const order: number[] = [];
    for (const w of words) {
      const c = this.candidateOf(w, '[tie]');
      if (order.includes(c)) this.fail(`[tie] lists candidate ${w} twice`);
      order.push(c);
    }
    if (order.length !== this.candidateCount) {
      const missing = Array.from({ length: this.candidateCount }, (_, c) => c).filter((c) => !order.includes(c));
      this.fail(`[tie] must list every candidate once; missing: ${missing.map((c) => this.nicknames?.[c] ?? String(c + 1)).join(' ')}`);
    }
    this.tieOrder = order;
  }

  /** A candidate number from 1, or a nickname; the index from 0. */
  private candidateOf(word: string, where: string): number {
    if (WHOLE.test(word)) {
      const c = Number(word);
      if (c < 1 || c > this.candidateCount) this.fail(`${where}: candidate number ${word} is out of range: there are ${this.candidateCount} candidates`);
      return c - 1;
    }
    const c = this.nickIndex.get(word);
    if (c === undefined) {
      this.fail(
        this.nicknames
          ? `${where}: ${JSON.stringify(word)} is neither a candidate number nor a nickname from [nick]`
          : `${where}: ${JSON.stringify(word)} is not a candidate number (no [nick] line gives nicknames)`,
      );
    }
    return c;
  }

  private withdraw(c: number, written: string): void {
    if (this.withdrawn.includes(c)) this.fail(`candidate ${written} is withdrawn twice`);
    this.withdrawn.push(c);
  }

  /**
   * Reads a ballot line of plain numbers, `=` and `-` without splitting strings,
   * which is most of the time spent on a large file. Returns false, having added
   * nothing, for anything else (the 0 line, ids, comments, nicknames, mistakes),
   * which `ballot` then reads and explains.
   */
  private plainBallot(text: string): boolean {
    const n = text.length;
    const candidates = this.candidateCount;
    let i = 0;
    let weight = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      weight = weight * 10 + (c - 48);
    }
    if (i === 0 || i > 15 || weight === 0 || i === n) return false;
    const tokens = this.tokens;
    tokens.length = 0;
    for (;;) {
      if (i === n && tokens.length > 0) {
        // A ballot without its closing 0, as OpenTally writes them.
        this.merger.add(tokens, tokens.length, wholeBig(weight));
        return true;
      }
      const gap = i;
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      if (i === gap || i === n) return false;
      let c = text.charCodeAt(i);
      if (c === 45) {
        i++;
        tokens.push(SKIP);
        continue;
      }
      let members = 0;
      for (;;) {
        let v = 0;
        const start = i;
        for (; i < n; i++) {
          c = text.charCodeAt(i);
          if (c < 48 || c > 57) break;
          v = v * 10 + (c - 48);
        }
        if (i === start || i - start > 9) return false;
        if (v === 0) {
          // The 0 that ends the ballot: alone, and last on the line.
          if (members > 0 || i !== n || i - start !== 1) return false;
          this.merger.add(tokens, tokens.length, wholeBig(weight));
          return true;
        }
        if (v > candidates) return false;
        tokens.push(members === 0 ? v - 1 : -2 - (v - 1));
        members++;
        if (i < n && text.charCodeAt(i) === 61) {
          i++;
          continue;
        }
        break;
      }
    }
  }

  private ballot(text: string): void {
    let rest = text;
    const hasId = rest.charCodeAt(0) === 40;
    if (hasId) {
      const close = rest.indexOf(')');
      if (close < 0) this.fail('a ballot id opened with "(" is not closed with ")"');
      rest = rest.slice(close + 1).trim();
    }
    rest = stripComment(rest);
    const parts = rest === '' ? [] : rest.split(/\s+/);
    if (parts.length === 0) this.fail('a ballot id must be followed by a ballot (weight, candidate numbers, 0)');
    const first = parts[0];
    if (!WHOLE.test(first)) {
      if (DECIMAL.test(first)) this.fail(`a ballot weight must be a whole number, found ${first}`);
      if (NEGATIVE.test(first)) this.fail(`withdrawn candidates (${first}) must be listed on the lines straight after the first line, before any ballot`);
      this.fail(`expected a ballot (weight, candidate numbers, 0) or a line holding 0 to end the ballots, found ${JSON.stringify(first)}`);
    }
    const weight = BigInt(first);
    if (weight === 0n) {
      if (parts.length === 1 && !hasId) {
        this.phase = 'names';
        this.endLine = this.lineNo;
        return;
      }
      this.fail('a ballot weight must be at least 1 (a line holding only 0 ends the ballots)');
    }
    // The closing 0 may be left out (OpenTally), but not from a ballot with no candidates.
    const last = parts[parts.length - 1] === '0' ? parts.length - 1 : parts.length;
    if (parts.length < 2) this.fail(`a ballot of weight ${first} names no candidate: an empty ballot is written "${first} 0"`);
    const tokens = this.tokens;
    tokens.length = 0;
    for (let k = 1; k < last; k++) {
      const tok = parts[k];
      if (tok === '0') this.fail(`text after the 0 that ends the ballot: ${JSON.stringify(parts.slice(k + 1).join(' '))}`);
      if (tok === '-') {
        tokens.push(SKIP);
        continue;
      }
      const members = tok.split('=');
      for (let m = 0; m < members.length; m++) {
        const s = members[m];
        let c: number;
        if (WHOLE.test(s)) {
          c = Number(s);
          if (c < 1 || c > this.candidateCount) this.fail(`candidate number ${s} is out of range: there are ${this.candidateCount} candidates`);
        } else {
          const nick = this.nickIndex.get(s);
          if (nick === undefined) {
            if (DECIMAL.test(s) || NEGATIVE.test(s)) this.fail(`${s} is not a candidate number`);
            const nicks = this.nicknames ? ', a nickname from [nick]' : '';
            this.fail(`${JSON.stringify(tok)} is not a candidate number${nicks}, an equal ranking such as 1=2, or - for a skipped rank`);
          }
          c = nick + 1;
        }
        tokens.push(m === 0 ? c - 1 : -2 - (c - 1));
      }
    }
    this.merger.add(tokens, tokens.length, weight);
  }

  finish(): Election {
    const last = Math.max(1, this.lineNo);
    switch (this.phase) {
      case 'header':
        this.fail('the file is empty: expected the number of candidates and the number of seats', last);
        break;
      case 'withdrawn':
      case 'ballots':
        this.fail('the file ends before the line holding 0 that ends the ballots', last);
        break;
      case 'names':
        break;
      default: {
        const never: never = this.phase;
        throw new Error(`unknown phase ${String(never)}`);
      }
    }
    const n = this.candidateCount;
    const fromComments = this.commentNameMap();
    const texts = this.texts;
    let names: string[];
    let title: string;
    if (texts.length === n + 1) {
      names = texts.slice(0, n).map((t) => this.quoted(t, 'name'));
      title = this.quoted(texts[n], 'title');
    } else if (texts.length > n + 1) {
      // Droop allows a source and a comment string after the title, and ignores anything after those.
      names = texts.slice(0, n).map((t) => this.quoted(t, 'name'));
      title = this.quoted(texts[n], 'title');
    } else if (texts.length <= 1) {
      const where = texts.length === 1 ? texts[0].line : this.endLine;
      if (fromComments.size === 0) {
        this.fail(`no candidate names: expected ${n} name lines and a title after the 0 line (or "# ALTERNATIVE NAME k: name" comments)`, where);
      }
      names = [];
      for (let c = 1; c <= n; c++) {
        const name = fromComments.get(c);
        if (name === undefined) this.fail(`no name for candidate ${c}: the "# ALTERNATIVE NAME" comments name only some candidates`, where);
        names.push(name);
      }
      title = texts.length === 1 ? this.quoted(texts[0], 'title') : '';
    } else {
      this.fail(`fewer names than candidates: ${n} candidates need ${n} names and then a title, found ${texts.length} lines`, texts[texts.length - 1].line);
    }
    const candidates: Candidate[] = names.map((name) => ({ name, attributes: {} }));
    return {
      title,
      candidates,
      seats: this.seats,
      withdrawn: this.withdrawn.slice(),
      ballots: this.merger.build(),
      ...(this.tieOrder ? { tieOrder: this.tieOrder } : {}),
      ...(this.nicknames ? { nicknames: this.nicknames } : {}),
      ...(this.countOptions.length > 0 ? { countOptions: this.countOptions.slice(), countOptionLines: this.countOptionLines.slice() } : {}),
      ...(this.undeclared.length > 0 ? { undeclared: this.undeclared.slice() } : {}),
    };
  }

  /** Names from `# ALTERNATIVE NAME k:` comments, checked even when name lines make them unnecessary. */
  private commentNameMap(): Map<number, string> {
    const names = new Map<number, string>();
    for (const { candidate: c, name, line } of this.commentNames) {
      if (c < 1 || c > this.candidateCount) this.fail(`ALTERNATIVE NAME ${c} is out of range: there are ${this.candidateCount} candidates`, line);
      if (names.has(c)) this.fail(`candidate ${c} is named twice by "# ALTERNATIVE NAME" comments`, line);
      if (name === '') this.fail(`empty name for candidate ${c}`, line);
      names.set(c, name);
    }
    return names;
  }

  private quoted(t: TextLine, what: 'name' | 'title'): string {
    const value = unquote(t.text, (problem) => this.fail(problem.replace('%', what), t.line));
    if (what === 'name' && value === '') this.fail('empty candidate name', t.line);
    return value;
  }
}

/** If bytes[i] ends a line (LF, CRLF, or the end of the data), where the next line starts; else -1. */
function lineEnd(b: Uint8Array, i: number, end: number): number {
  if (i === end) return end;
  const c = b[i];
  if (c === 10) return i + 1;
  if (c !== 13) return -1;
  if (i + 1 === end) return end;
  return b[i + 1] === 10 ? i + 2 : -1;
}

function stripComment(text: string): string {
  const hash = text.indexOf('#');
  return hash < 0 ? text : text.slice(0, hash).trimEnd();
}

/** Reads a name or title line: unquoted as is, or quoted with CSV-style doubled quotes. */
function unquote(text: string, fail: (problem: string) => never): string {
  if (text.charCodeAt(0) !== 34) return text;
  let out = '';
  let i = 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) fail('the quote that opens this % is never closed');
    out += text.slice(i, q);
    if (text.charCodeAt(q + 1) === 34) {
      out += '"';
      i = q + 2;
      continue;
    }
    i = q + 1;
    break;
  }
  const rest = text.slice(i).trim();
  if (rest === '' || rest.charCodeAt(0) === 35) return out.trim();
  if (text.endsWith('"')) return text.slice(1, -1).trim();
  return fail(`unexpected text after the quoted %: ${JSON.stringify(rest)}`);
}

/** Parses BLT from a whole text or buffer; `file` is used in error messages. */
export function parseBlt(input: string | Uint8Array, file: string): Election {
  return typeof input === 'string' ? readLines(input, new BltReader(file)) : readByteLines(input, new BltReader(file));
}

export interface BltWriteOptions {
  /** Seats to write when the election does not say (BLT always needs them). */
  readonly seats?: number;
}

function quote(text: string, what: string): string {
  if (/[\r\n]/.test(text)) throw new RangeError(`a BLT ${what} cannot contain a line break: ${JSON.stringify(text)}`);
  return '"' + text.replaceAll('"', '""') + '"';
}

/**
 * Writes an election as BLT lines (without line ends), one distinct ranking per
 * ballot line with its weight. Names and the title are always quoted, so
 * `parseBlt(writeBlt(e))` gives `e` back, except candidate attributes (BLT has
 * no place for them) and spaces around names (readers trim them).
 */
export function* bltLines(election: Election, options: BltWriteOptions = {}): Generator<string> {
  const n = election.candidates.length;
  const seats = options.seats ?? election.seats;
  if (seats === undefined) throw new RangeError('BLT needs the number of seats, and this election does not say: pass { seats }');
  if (n < 1) throw new RangeError('BLT needs at least one candidate');
  if (!Number.isInteger(seats) || seats < 1 || seats > n) throw new RangeError(`cannot write ${seats} seats for ${n} candidates`);
  yield `${n} ${seats}`;
  if (election.nicknames) yield `[nick ${election.nicknames.join(' ')}]`;
  if (election.tieOrder) yield `[tie ${election.tieOrder.map((c) => c + 1).join(' ')}]`;
  if (election.countOptions && election.countOptions.length > 0) yield `[droop ${election.countOptions.join(' ')}]`;
  if (election.undeclared && election.undeclared.length > 0) yield `[undeclared ${election.undeclared.map((c) => c + 1).join(' ')}]`;
  if (election.withdrawn.length > 0) yield election.withdrawn.map((c) => `-${c + 1}`).join(' ');
  const set = election.ballots;
  for (let i = 0; i < set.size; i++) {
    let line = String(set.weights[i]);
    for (const rank of ranksOf(set, i)) line += ' ' + (rank.length === 0 ? '-' : rank.map((c) => c + 1).join('='));
    yield line + ' 0';
  }
  yield '0';
  for (const c of election.candidates) {
    if (c.name.trim() === '') throw new RangeError('BLT cannot hold an empty candidate name');
    yield quote(c.name, 'name');
  }
  yield quote(election.title, 'title');
}

/** The whole BLT text of an election, ending with a line end. */
export function writeBlt(election: Election, options: BltWriteOptions = {}): string {
  let out = '';
  for (const line of bltLines(election, options)) out += line + '\n';
  return out;
}
