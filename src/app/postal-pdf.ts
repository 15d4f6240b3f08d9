/**
 * The statutory postal ballot's print files, through pdfkit: the voting papers in batches for the
 * printer (one page per member: the address panel, the paper with its number, the candidates and
 * their boxes, how to vote and where to send it back), the election addresses as one insert
 * printed for every pack, and the scrutineer's report.
 *
 * Each batch is written to its file page by page (pdfkit writes a page out once the next begins),
 * reading the register a thousand lines at a time, so a national register is never held whole.
 * The papers name their member: only the scrutineer prints them (s. 49: the scrutineer supervises
 * their production and distribution), and the run is logged with its counts, never the register.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { auditRecord } from '../audit/index.js';
import { longDate } from '../domain/calendar.js';
import type { ProcessId } from '../domain/ids.js';
import { marksWithCrosses } from '../domain/postal-ballot.js';
import { methodPhrase } from '../domain/rulebook-words.js';
import { contestTitle } from '../domain/processes/internal-election.js';
import type { Clock } from '../domain/time.js';
import type { PostalBallotRecord, Store } from '../store/store.js';
import type { AppResult } from './app-error.js';
import { postalCandidates, postalElection, postalRecord, registerPages, type PostalElection, type ScrutineerReport } from './postal-ballot.js';

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 56;

/** "STV with a Droop quota, for 5 seats": how the papers are counted, in words. */
export const countedBy = (method: string, seats: number): string => `${methodPhrase(method)}, for ${seats} ${seats === 1 ? 'seat' : 'seats'}`;

function newDocument(title: string): Doc {
  return new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Creator: 'Hustings' }, autoFirstPage: false });
}

/** Ends the document and waits until its file (or stream) has everything. */
function finish(doc: Doc, out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.end();
  });
}

/** How to mark the paper, as the rulebook's method needs it. */
function howToVote(e: PostalElection): string {
  const seats = e.state.seats;
  if (marksWithCrosses(e.state.method))
    return seats === 1
      ? 'Vote for ONE candidate only: put a cross (X) in the box beside their name.'
      : `Vote for up to ${seats} candidates: put a cross (X) in the box beside each name.`;
  return 'Number the candidates in the order you prefer them: 1 beside your first choice, 2 beside your second, and so on. Number as many or as few as you wish.';
}

function paperPage(doc: Doc, e: PostalElection, ballot: PostalBallotRecord, paper: { number: number; name: string; member: string }): void {
  doc.addPage();
  const width = doc.page.width - 2 * MARGIN;
  // The address panel, read through the envelope's window, and the membership number the mailing house addresses by.
  doc.font('Helvetica').fontSize(10).text(paper.name, MARGIN, MARGIN);
  doc.text(`Membership number ${paper.member}`);
  doc.moveDown(2);
  doc.font('Helvetica-Bold').fontSize(16).text('VOTING PAPER', { align: 'center' });
  doc.fontSize(13).text(contestTitle(e.state), { align: 'center' });
  doc.font('Helvetica-Bold').fontSize(12).text(`Paper number ${paper.number}`, { align: 'right' });
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(10).text(howToVote(e), { width });
  doc.moveDown(0.8);
  const box = 22;
  for (const c of postalCandidates(e)) {
    const y = doc.y;
    doc.rect(MARGIN, y, width, box + 8).stroke('#888888');
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .fillColor('black')
      .text(c.name, MARGIN + 10, y + 10, { width: width - box - 40 });
    doc
      .rect(MARGIN + width - box - 10, y + 4, box, box)
      .lineWidth(1.5)
      .stroke('black')
      .lineWidth(1);
    doc.y = y + box + 8;
  }
  doc.moveDown(1.2);
  doc.font('Helvetica-Bold').fontSize(11).text('Returning your paper', MARGIN, doc.y, { width });
  doc.font('Helvetica').fontSize(10);
  doc.text(`Put this paper in the reply envelope and post it to the independent scrutineer, ${ballot.scrutineer}, at: ${ballot.returnAddress}.`, { width });
  doc.text(`It must reach the scrutineer by ${longDate(ballot.lastDay)}. Papers that arrive later are not counted.`, { width });
  doc.text('Your vote is secret: the scrutineer alone knows which number was sent to whom, and the number is taken from your marks once they are counted.', {
    width,
  });
  doc.text('If you spoil this paper, ask the scrutineer for a replacement: the replacement has a new number and this one becomes void.', { width });
  doc.moveDown(0.6);
  doc
    .fontSize(9)
    .fillColor('#444444')
    .text(`Counted by ${countedBy(e.state.method, e.state.seats)}. Held under the Trade Union and Labour Relations (Consolidation) Act 1992.`, { width });
  doc.fillColor('black');
}

/** The candidates' election addresses, each as its candidate wrote it. */
function addressesPages(doc: Doc, e: PostalElection): void {
  doc.addPage();
  const width = doc.page.width - 2 * MARGIN;
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(`Election addresses: ${contestTitle(e.state)}`, { width });
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#444444')
    .text('Each address is printed exactly as its candidate wrote it; the union has not edited any of them.', { width });
  doc.fillColor('black').moveDown();
  for (const c of postalCandidates(e)) {
    const member = e.state.candidates.find((x) => x.id === c.id)?.member ?? null;
    const statement = member === null ? null : e.state.statements.find((s) => s.member === member);
    doc.font('Helvetica-Bold').fontSize(13).text(c.name, { width });
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(statement?.text ?? 'This candidate did not give an election address.', { width });
    doc.moveDown();
  }
}

export interface PrintedPacks {
  readonly papers: number;
  /** The files written, in order: the election addresses, then the batches of papers. */
  readonly files: readonly string[];
}

/** Writes the print files into `dir`: election-addresses.pdf and papers-0001.pdf… (`batchSize` papers each: by default the rulebook's). */
export async function printPacks(store: Store, clock: Clock, id: ProcessId, dir: string, actor: string, batchSize?: number): Promise<AppResult<PrintedPacks>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const e = found.value;
  const ballot = await postalRecord(store, e);
  if (!ballot.ok) return ballot;
  const files: string[] = [];
  const addresses = join(dir, 'election-addresses.pdf');
  {
    const doc = newDocument(`Election addresses: ${contestTitle(e.state)}`);
    const out = createWriteStream(addresses);
    doc.pipe(out);
    addressesPages(doc, e);
    await finish(doc, out);
    files.push(addresses);
  }
  let papers = 0;
  let batch: { doc: Doc; out: Writable; count: number } | null = null;
  for await (const page of registerPages(store, id)) {
    const names = new Map((await store.membersById(page.map((l) => l.member))).map((m) => [m.id as string, m.name]));
    for (const line of page) {
      if (line.state !== 'issued') continue;
      if (batch === null) {
        const file = join(dir, `papers-${String(files.length).padStart(4, '0')}.pdf`);
        const doc = newDocument(`Voting papers: ${contestTitle(e.state)}`);
        const out = createWriteStream(file);
        doc.pipe(out);
        batch = { doc, out, count: 0 };
        files.push(file);
      }
      paperPage(batch.doc, e, ballot.value, { number: line.number, name: names.get(line.member) ?? '', member: line.member });
      papers++;
      if (++batch.count >= (batchSize ?? e.rules.packBatchSize)) {
        await finish(batch.doc, batch.out);
        batch = null;
      }
    }
  }
  if (batch !== null) await finish(batch.doc, batch.out);
  await store.appendAudit(auditRecord(actor, 'postal.packs-printed', { process: id, papers, files: files.length - 1 }, clock.now().toISOString()));
  return { ok: true, value: { papers, files } };
}

/** The scrutineer's report as a PDF document, written to `out`. */
export function writeReportPdf(report: ScrutineerReport, out: Writable): Promise<void> {
  const doc = newDocument(`Scrutineer's report: ${report.title}`);
  doc.pipe(out);
  doc.addPage();
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(18).text("Scrutineer's report", { width });
  doc.fontSize(13).text(report.title, { width });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`Independent scrutineer: ${report.scrutineer}. Last day for return: ${longDate(report.lastDay)}.`, { width });
  doc.moveDown();
  const f = report.figures;
  const row = (label: string, value: string) => {
    const y = doc.y;
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(label, MARGIN, y, { width: width - 120 });
    doc.font('Helvetica-Bold').text(value, MARGIN + width - 110, y, { width: 110, align: 'right' });
    doc.x = MARGIN;
  };
  doc.font('Helvetica-Bold').fontSize(13).text('The papers', MARGIN, doc.y, { width });
  for (const [label, value] of reportRows(report)) row(label, value);
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(13).text('The result', MARGIN, doc.y, { width });
  if (report.result === null) doc.font('Helvetica').fontSize(11).text('Not yet counted.', { width });
  else {
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(
        `Counted by ${countedBy(report.method, report.seats)}. Votes are first preferences (or crosses) on the ${f.valid.toLocaleString('en-GB')} valid papers.`,
        { width },
      );
    for (const c of report.result.candidates) row(`${c.name}${c.elected ? ' (elected)' : ''}`, c.votes);
    doc.moveDown(0.5);
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(`Elected: ${report.result.elected.join(', ')}.`, MARGIN, doc.y, { width });
  }
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(13).text('Complaints', MARGIN, doc.y, { width });
  if (report.complaints.length === 0) doc.font('Helvetica').fontSize(11).text('None were made to the scrutineer.', { width });
  for (const c of report.complaints)
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(`${longDate(c.at.slice(0, 10) as never)}: ${c.text}`, { width });
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(13).text('Keeping the papers', MARGIN, doc.y, { width });
  doc.font('Helvetica').fontSize(10).text(retentionWords(report), { width });
  return finish(doc, out);
}

/** The figures' lines of the report, as label and value (the page and the PDF both use them). */
export function reportRows(report: ScrutineerReport): [string, string][] {
  const f = report.figures;
  const n = (x: number) => x.toLocaleString('en-GB');
  return [
    ['Members sent a voting paper', n(f.register)],
    ['Voting papers issued (replacements included)', n(f.issued)],
    ['Papers spoilt and replaced', n(f.spoilt)],
    ['Papers returned (all)', n(f.returned)],
    ['Received in time', n(f.received)],
    ['Received late (not counted)', n(f.late)],
    ['Returned twice (not counted again)', n(f.duplicate)],
    ['Void papers returned (not counted)', n(f.voidReturned)],
    ['Valid papers counted', n(f.valid)],
    ['Spoilt or otherwise invalid papers', n(f.invalid)],
    ['Turnout (received in time, of members sent a paper)', report.turnout],
  ];
}

/** What the report says of the retention of the papers and the register. */
export function retentionWords(report: ScrutineerReport): string {
  const r = report.retention;
  if (r.destroyedAt !== null)
    return `The returned papers' marks and the register of paper numbers were destroyed on ${longDate(r.destroyedAt.slice(0, 10) as never)}, at the end of the retention period; these figures and the count record are kept.`;
  if (r.announcedOn === null) return `The papers and the register are kept for ${r.months} months from the announcement of the result.`;
  return `The papers and the register are kept for ${r.months} months from the announcement of the result on ${longDate(r.announcedOn)}, then destroyed.`;
}
