/**
 * Reading an xlsx workbook's first sheet row by row, streamed: the zip's
 * central directory is read from the end of the file, each part needed
 * (workbook, relationships, shared strings, the sheet) is inflated in chunks
 * by fflate and fed to saxes, so a sheet of a million rows is never held whole.
 */
import { Inflate } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { InputError } from '../errors.js';
import { eachChunk, fileSize, readRange } from './files.js';
import { feedXml } from './xml-feed.js';

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localHeader: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip file, from its central directory. */
async function zipEntries(path: string): Promise<Map<string, ZipEntry>> {
  const size = await fileSize(path);
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readRange(path, size - tailLength, tailLength);
  let at = -1;
  for (let k = tail.length - 22; k >= 0; k--) {
    if (tail.readUInt32LE(k) === EOCD) {
      at = k;
      break;
    }
  }
  if (at < 0) throw new InputError(path, null, 'not an xlsx workbook (it is not a zip file); ES&S files must be saved as Excel Workbook (.xlsx)');
  const count = tail.readUInt16LE(at + 10);
  const dirSize = tail.readUInt32LE(at + 12);
  const dirOffset = tail.readUInt32LE(at + 16);
  if (dirOffset === 0xffffffff || count === 0xffff)
    throw new InputError(path, null, 'the workbook is a zip64 file, which is not read (save it again as Excel Workbook)');
  const dir = await readRange(path, dirOffset, dirSize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new InputError(path, null, 'the workbook’s zip directory is damaged');
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
    entries.set(name, {
      name,
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      localHeader: dir.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Streams one zip entry's uncompressed bytes to `sink`. */
async function eachEntryChunk(path: string, entry: ZipEntry, sink: (chunk: Uint8Array) => void): Promise<void> {
  const local = await readRange(path, entry.localHeader, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new InputError(path, null, `the workbook’s part ${entry.name} is damaged`);
  const start = entry.localHeader + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.method === 0) {
    await eachChunk(path, sink, start, entry.compressedSize);
    return;
  }
  if (entry.method !== 8) throw new InputError(path, null, `the workbook’s part ${entry.name} uses a compression that is not read (method ${entry.method})`);
  const inflate = new Inflate((data) => sink(data));
  try {
    await eachChunk(path, (chunk) => inflate.push(chunk), start, entry.compressedSize);
    inflate.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, null, `the workbook’s part ${entry.name} is damaged (${(err as Error).message})`);
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

type XmlHandlers = {
  open?: (tag: SaxesTagPlain) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
};

/** Parses a zip entry's XML with `handlers`; element names reach them without a namespace prefix. */
async function parseEntry(path: string, entry: ZipEntry, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser();
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (tag) => open({ ...tag, name: localName(tag.name) } as SaxesTagPlain));
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag) => close(localName(tag.name)));
  }
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  await feedXml(
    parser,
    (sink) => eachEntryChunk(path, entry, sink),
    (message) => new InputError(path, null, `the workbook’s part ${entry.name} is not well-formed XML (${message})`),
  );
}

/** Column index (0-based) of a cell reference such as `AB12`. */
export function columnOf(ref: string): number {
  let col = 0;
  let k = 0;
  for (; k < ref.length; k++) {
    const c = ref.charCodeAt(k);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return k === 0 ? -1 : col - 1;
}

/** A cell reference such as `C12` for 0-based column 2 and 1-based row 12. */
export function cellName(col: number, row: number): string {
  let name = '';
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return `${name}${row}`;
}

export interface XlsxCell {
  /** 0-based column. */
  readonly col: number;
  readonly text: string;
}

/**
 * Calls `onRow` with each row of the workbook's first sheet that the file holds: its 1-based
 * number and its cells with a value, as text (numbers as written, shared strings resolved).
 */
export async function eachSheetRow(path: string, onRow: (row: number, cells: readonly XlsxCell[]) => void): Promise<void> {
  const entries = await zipEntries(path);
  const sheet = await firstSheet(path, entries);
  const strings = await sharedStrings(path, entries);
  let row = 0;
  let cells: XlsxCell[] = [];
  let col = -1;
  let type = '';
  let value: string | null = null;
  let inValue = false;
  let inInline = false;
  await parseEntry(path, sheet, {
    open(tag) {
      switch (tag.name) {
        case 'row': {
          const r = tag.attributes.r;
          row = r === undefined ? row + 1 : Number(r);
          if (!Number.isInteger(row) || row < 1) throw new InputError(path, null, `the sheet has a row numbered ${JSON.stringify(r)}`);
          cells = [];
          col = -1;
          break;
        }
        case 'c': {
          const ref = tag.attributes.r;
          col = ref === undefined ? col + 1 : columnOf(ref);
          if (col < 0) throw new InputError(path, null, `row ${row} has a cell with the reference ${JSON.stringify(ref)}`);
          type = tag.attributes.t ?? 'n';
          value = null;
          break;
        }
        case 'v':
          inValue = true;
          value ??= '';
          break;
        case 'is':
          inInline = true;
          break;
        case 't':
          if (inInline) value ??= '';
          break;
      }
    },
    text(text) {
      if (inValue || inInline) value = (value ?? '') + text;
    },
    close(name) {
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'c': {
          if (value === null) break;
          let text = value;
          if (type === 's') {
            const s = strings[Number(value)];
            if (s === undefined) throw new InputError(path, null, `cell ${cellName(col, row)} names shared string ${value}, which the workbook does not have`);
            text = s;
          } else if (type === 'b') text = value === '1' ? 'TRUE' : 'FALSE';
          cells.push({ col, text });
          break;
        }
        case 'row':
          onRow(row, cells);
          break;
      }
    },
  });
}

/** The part holding the workbook's first sheet, as its relationships say. */
async function firstSheet(path: string, entries: Map<string, ZipEntry>): Promise<ZipEntry> {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (workbook === undefined)
    throw new InputError(path, null, 'not an xlsx workbook (it has no xl/workbook.xml); ES&S files must be saved as Excel Workbook (.xlsx)');
  let sheetRel: string | undefined;
  await parseEntry(path, workbook, {
    open(tag) {
      if (tag.name === 'sheet' && sheetRel === undefined) {
        sheetRel = Object.entries(tag.attributes).find(([k]) => localName(k) === 'id')?.[1];
      }
    },
  });
  let target: string | undefined;
  if (sheetRel !== undefined && rels !== undefined) {
    await parseEntry(path, rels, {
      open(tag) {
        if (tag.name === 'Relationship' && tag.attributes.Id === sheetRel) target = tag.attributes.Target;
      },
    });
  }
  const name = target === undefined ? 'xl/worksheets/sheet1.xml' : target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheet = entries.get(name);
  if (sheet === undefined) throw new InputError(path, null, `the workbook has no first sheet (${name} is missing)`);
  return sheet;
}

/** The workbook's shared strings, by index (rich text runs joined). */
async function sharedStrings(path: string, entries: Map<string, ZipEntry>): Promise<string[]> {
  const part = entries.get('xl/sharedStrings.xml');
  const strings: string[] = [];
  if (part === undefined) return strings;
  let current: string | null = null;
  let inT = false;
  let phonetic = false;
  await parseEntry(path, part, {
    open(tag) {
      if (tag.name === 'si') current = '';
      else if (tag.name === 't') inT = true;
      else if (tag.name === 'rPh') phonetic = true;
    },
    text(text) {
      if (inT && !phonetic && current !== null) current += text;
    },
    close(name) {
      if (name === 't') inT = false;
      else if (name === 'rPh') phonetic = false;
      else if (name === 'si') {
        strings.push(current ?? '');
        current = null;
      }
    },
  });
  return strings;
}
