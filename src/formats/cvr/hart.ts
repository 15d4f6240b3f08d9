/**
 * Hart's XML folder, as RCTab's Hart reader reads it: one Cvr per .xml file
 * (signature files `.sig.xml` aside), in name order; the contest is the one
 * whose Id is the source's contest id; each option's Value is a string of 0s
 * and 1s, a 1 at position r a mark at rank r; marks carry the option's Id, the
 * candidate's code, and its Name is the candidate's name.
 */
import { InputError } from '../errors.js';
import { list } from './cdf.js';
import { folderNames, inFolder } from './files.js';
import { UNDECLARED_WRITE_IN } from './labels.js';
import type { CastVoteRecord, CvrDeclaredCandidate, CvrMark, CvrSource, CvrSourceSummary } from './records.js';
import { eachXmlChild } from './xml-objects.js';

type Xml = { readonly [key: string]: unknown };

function field(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function objects(value: unknown): Xml[] {
  return list(value).filter((v): v is Xml => typeof v === 'object' && v !== null);
}

export async function readHart(source: CvrSource, onRecord: (r: CastVoteRecord) => void): Promise<CvrSourceSummary> {
  const folder = source.path;
  const files = (await folderNames(folder)).filter((n) => n.toLowerCase().endsWith('xml') && !n.toLowerCase().endsWith('.sig.xml'));
  if (files.length === 0) throw new InputError(folder, null, 'the folder has no Hart .xml cast-vote records');
  const declared = new Map<string, CvrDeclaredCandidate>();
  const contestNames = new Map<string, string>();
  let records = 0;
  for (const name of files) {
    const path = inFolder(folder, name);
    const cvr: Record<string, unknown> = {};
    const root = await eachXmlChild(
      path,
      () => true,
      (child, value) => {
        cvr[child] = value;
      },
    );
    if (root !== 'Cvr') throw new InputError(path, null, `expected a Hart <Cvr>, found <${root}>`);
    const contests = objects((cvr.Contests as Xml | undefined)?.Contest);
    for (const c of contests) {
      const id = field(c.Id);
      if (id !== undefined && !contestNames.has(id)) contestNames.set(id, field(c.Name) ?? id);
    }
    let contestId = source.contestId;
    if (contestId === undefined) {
      if (contests.length !== 1) {
        const all = contests.map((c) => `${field(c.Id)} (${field(c.Name)})`).join(', ');
        throw new InputError(path, null, `the record has ${contests.length} contests (${all}): choose one with --contest <id>`);
      }
      contestId = field(contests[0]?.Id);
    }
    for (const contest of contests) {
      if (field(contest.Id) !== contestId) continue;
      const marks: CvrMark[] = [];
      for (const option of objects((contest.Options as Xml | undefined)?.Option)) {
        let code = field(option.Id);
        if (code === undefined) throw new InputError(path, null, 'an Option has no Id');
        if (code === source.undeclaredWriteInLabel) code = UNDECLARED_WRITE_IN;
        else if (!declared.has(code)) declared.set(code, { code, name: field(option.Name) ?? code });
        const value = field(option.Value) ?? '';
        if (!/^[01]*$/.test(value)) throw new InputError(path, null, `option ${code}'s Value ${JSON.stringify(value)} is not a string of 0s and 1s`);
        for (let r = 0; r < value.length; r++) if (value[r] === '1') marks.push({ rank: r + 1, label: code });
      }
      const split = cvr.PrecinctSplit as Xml | undefined;
      records++;
      onRecord({ where: path, id: field(cvr.CvrGuid), precinct: field(split?.Name), batch: field(cvr.BatchNumber), marks });
    }
  }
  if (source.contestId !== undefined && !contestNames.has(source.contestId)) {
    throw new InputError(folder, null, `no record has a contest with the id ${JSON.stringify(source.contestId)}`);
  }
  return { records, declaredCandidates: [...declared.values()] };
}
