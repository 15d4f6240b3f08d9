/**
 * hustings/formats: reading elections from files (BLT, CSV cast-vote records,
 * PrefLib) and writing BLT. Files are streamed in chunks and identical ballots
 * merged as they arrive, so memory follows the number of distinct rankings,
 * not the number of ballots.
 */
import { open, readdir } from 'node:fs/promises';
import { closeSync, fstatSync, open as fsOpen, openSync, read as fsRead, readSync, statSync, type Stats } from 'node:fs';
import type { Election } from '../count/ballots.js';
import { applyAttributes, readAttributesFile } from './attributes.js';
import { BltReader } from './blt.js';
import { CsvCvrReader } from './csv-cvr/index.js';
import type { CvrProvider } from './cvr/index.js';
import { fileError, InputError } from './errors.js';
import { ByteLineFeeder, LineSplitter, type LineReader } from './lines.js';
import { PreflibReader } from './preflib.js';

export { InputError } from './errors.js';
export { BltReader, parseBlt, writeBlt, bltLines, type BltWriteOptions } from './blt.js';
export { CsvCvrReader, parseCsvCvr, type CsvCvrOptions } from './csv-cvr/index.js';
export { PreflibReader, parsePreflib, type PreflibOptions, type PreflibType } from './preflib.js';
export { parseAttributes, readAttributesFile, applyAttributes, type CandidateAttributes, type AttributeRow } from './attributes.js';

// The readers themselves are in './cvr/index.js', loaded only when a cast-vote record format is read,
// so that counting a CSV or BLT file loads no XML or zip library.
export type {
  CastVoteRecord,
  CvrContest,
  CvrContestCandidate,
  CvrElection,
  CvrMark,
  CvrProvider,
  CvrSource,
  CvrSourceSummary,
} from './cvr/index.js';

export type FormatName = 'blt' | 'csv' | 'preflib' | 'cdf' | 'dominion' | 'ess' | 'hart' | 'clear-ballot';
export const FORMATS: readonly FormatName[] = ['blt', 'csv', 'preflib', 'cdf', 'dominion', 'ess', 'hart', 'clear-ballot'];

/** The cast-vote record formats a plain count reads with their provider's reader, and the RCTab provider each is. */
const CVR_PROVIDERS: Readonly<Partial<Record<FormatName, CvrProvider>>> = {
  cdf: 'cdf',
  dominion: 'dominion',
  ess: 'ess',
  hart: 'hart',
  'clear-ballot': 'clearBallot',
};

export interface ReadOptions {
  /** The format, when the file's extension does not say (.blt, .csv, .soi/.soc/.toi/.toc). */
  readonly format?: FormatName | undefined;
  /** Called after each chunk is read. */
  readonly onProgress?: ((bytesRead: number, totalBytes: number) => void) | undefined;
  /** Path of a `name,<attribute>,…` CSV giving candidates attributes. */
  readonly attributes?: string | undefined;
  /** CSV with rank columns: the candidates, in order (a name outside the list is an error). */
  readonly candidates?: readonly string[];
  /** Cast-vote record formats: the contest to count, as the file names it (needed when it holds several). */
  readonly contest?: string | undefined;
}

const CHUNK_BYTES = 1 << 20;

/**
 * ES&S's export as a plain count reads it, where no RCTab configuration says otherwise: a header
 * row that names the columns (the reader finds the rank, id and precinct columns by it), and
 * ES&S's own words for an overvote, a skipped rank and an undeclared write-in.
 */
const ESS_EXPORT = {
  firstVoteRowIndex: 2,
  overvoteLabel: 'overvote',
  undervoteLabel: 'undervote',
  undeclaredWriteInLabel: 'UWI',
} as const;

/** The format a file's extension names, if any. */
export function formatOf(path: string): FormatName | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  switch (ext) {
    case 'blt':
      return 'blt';
    case 'csv':
      return 'csv';
    case 'soi':
    case 'soc':
    case 'toi':
    case 'toc':
      return 'preflib';
    case 'json':
    case 'xml':
      return 'cdf';
    case 'xlsx':
      return 'ess';
    default:
      return undefined;
  }
}

/**
 * The format of a path where it is unambiguous: a folder with Dominion's ContestManifest.json is
 * Dominion's export, a folder of .xml files Hart's; a .csv whose header starts as Clear Ballot's
 * (RowNumber,BoxID,…) is Clear Ballot's; otherwise the extension says.
 */
export async function detectFormat(path: string): Promise<FormatName | undefined> {
  return detectFormatOf(path, statOf(path));
}

/**
 * What the path is, without opening it: a stat neither blocks on a pipe nor waits on the thread pool,
 * which for a batch of small files (a council's wards) costs more than reading them. Undefined when
 * it cannot be looked at; opening it then says why.
 */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

async function detectFormatOf(path: string, stats: Stats | undefined): Promise<FormatName | undefined> {
  if (stats?.isDirectory()) {
    const names = await readdir(path);
    if (names.includes('ContestManifest.json')) return 'dominion';
    if (names.some((n) => n.toLowerCase().endsWith('.xml'))) return 'hart';
    // Any other folder is read as its name says, which then fails as a folder where a file was meant.
    return formatOf(path);
  }
  const byName = formatOf(path);
  if (byName !== 'csv' || stats === undefined) return byName;
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, 64, 0);
    const text = head
      .toString('utf8', 0, bytesRead)
      .replace(/^\uFEFF/, '')
      .replace(/"/g, '');
    return text.startsWith('RowNumber,BoxID,BoxPosition,BallotID') ? 'clear-ballot' : 'csv';
  } finally {
    await handle.close();
  }
}

/** Reads an election from a file, streaming it; bad input is an `InputError` naming the file and line. */
export async function readElectionFile(path: string, options: ReadOptions = {}): Promise<Election> {
  const stats = statOf(path);
  const format = options.format ?? (await detectFormatOf(path, stats));
  if (format === undefined) {
    throw new InputError(
      path,
      null,
      `cannot tell the format from the name (.blt, .csv, .soi, .soc, .toi, .toc, .json, .xml, .xlsx, or a Dominion or Hart folder): give it with --input-format ${FORMATS.join('|')}`,
    );
  }
  if (options.candidates !== undefined && format !== 'csv') {
    throw new InputError(path, null, 'a candidate list is only used with CSV files');
  }
  const provider = CVR_PROVIDERS[format];
  if (options.contest !== undefined && provider === undefined) {
    throw new InputError(path, null, `--contest is only used with cast-vote record formats (${Object.keys(CVR_PROVIDERS).join(', ')})`);
  }
  let election: Election;
  switch (format) {
    case 'cdf':
    case 'dominion':
    case 'hart':
    case 'clear-ballot':
    case 'ess': {
      const source = { provider: provider as CvrProvider, path, contestId: options.contest, ...(format === 'ess' ? ESS_EXPORT : {}) };
      const { readCvrSources } = await import('./cvr/index.js');
      election = (await readCvrSources([source], { candidates: 'declared' })).election;
      break;
    }
    case 'csv': {
      const reader = new CsvCvrReader(path, { candidates: options.candidates });
      await readChunks(
        path,
        (n) => reader.space(n),
        (chunk) => reader.commit(chunk.length),
        options.onProgress,
        stats,
      );
      election = reader.finish();
      break;
    }
    case 'blt': {
      const feeder = new ByteLineFeeder(new BltReader(path));
      await readChunks(
        path,
        (n) => feeder.space(n),
        (chunk) => feeder.commit(chunk.length),
        options.onProgress,
        stats,
      );
      election = feeder.end();
      break;
    }
    case 'preflib':
      election = await readText(path, new PreflibReader(path), options.onProgress, stats);
      break;
    default: {
      const never: never = format;
      throw new InputError(path, null, `unknown format ${String(never)}`);
    }
  }
  if (options.attributes !== undefined) election = applyAttributes(election, await readAttributesFile(options.attributes));
  return election;
}

async function readText<T>(
  path: string,
  reader: LineReader<T>,
  onProgress: ((done: number, total: number) => void) | undefined,
  stats: Stats | undefined,
): Promise<T> {
  const decoder = new TextDecoder('utf-8');
  const splitter = new LineSplitter((line) => reader.line(line));
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  await readChunks(
    path,
    () => buffer,
    (chunk) => splitter.push(decoder.decode(chunk, { stream: true })),
    onProgress,
    stats,
  );
  splitter.push(decoder.decode());
  splitter.end();
  return reader.finish();
}

function openFile(path: string): Promise<number> {
  return new Promise((resolve, reject) => fsOpen(path, 'r', (err, fd) => (err ? reject(err) : resolve(fd))));
}

function readInto(fd: number, buffer: Uint8Array, length: number): Promise<number> {
  return new Promise((resolve, reject) => fsRead(fd, buffer, 0, length, null, (err, n) => (err ? reject(err) : resolve(n))));
}

/**
 * Reads a file chunk by chunk into buffers `space(size)` provides, handing each filled part to `sink`.
 * A regular file is read up to the size it had when opened, as fs.readFile does, which saves the read
 * that would find its end. One that fits in a single chunk (by `stats`, taken before opening, and again
 * once open) is opened and read without waiting on the thread pool: for the small files of a batch (a
 * council's wards) those hand-offs cost more than the reading, and many times more on a busy machine.
 * Anything else is opened asynchronously, so a pipe with no writer yet does not hold up the process,
 * and pipes and larger files are read asynchronously.
 */
async function readChunks(
  path: string,
  space: (size: number) => Uint8Array,
  sink: (chunk: Uint8Array) => void,
  onProgress: ((done: number, total: number) => void) | undefined,
  stats: Stats | undefined,
): Promise<void> {
  let fd: number;
  try {
    fd = stats?.isFile() && stats.size <= CHUNK_BYTES ? openSync(path, 'r') : await openFile(path);
  } catch (err) {
    throw fileError(path, 'open the file', err);
  }
  try {
    let total: number;
    let sized: boolean;
    try {
      const stat = fstatSync(fd);
      total = stat.size;
      sized = stat.isFile() && total > 0;
    } catch (err) {
      throw fileError(path, 'read the file', err);
    }
    const small = sized && total <= CHUNK_BYTES;
    let done = 0;
    for (;;) {
      const want = sized ? Math.min(CHUNK_BYTES, total - done) : CHUNK_BYTES;
      if (want <= 0) break;
      const buffer = space(want);
      let bytesRead: number;
      try {
        bytesRead = small ? readSync(fd, buffer, 0, want, null) : await readInto(fd, buffer, want);
      } catch (err) {
        throw fileError(path, 'read the file', err);
      }
      if (bytesRead === 0) break;
      done += bytesRead;
      sink(buffer.subarray(0, bytesRead));
      onProgress?.(done, Math.max(total, done));
    }
  } finally {
    closeSync(fd);
  }
}
