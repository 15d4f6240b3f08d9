/** CDF XML reports, streamed in two passes as CDF JSON is: the Election and GpUnit parts, then each CVR. */
import { InputError } from '../errors.js';
import { type CdfObject, cdfContest, cdfRecord } from './cdf.js';
import type { CastVoteRecord, CvrSource, CvrSourceSummary } from './records.js';
import { eachXmlChild } from './xml-objects.js';

export async function readCdfXml(source: CvrSource, onRecord: (r: CastVoteRecord) => void): Promise<CvrSourceSummary> {
  const file = source.path;
  const elections: CdfObject[] = [];
  const gpUnits: CdfObject[] = [];
  const root = await eachXmlChild(
    file,
    (name) => name === 'Election' || name === 'GpUnit',
    (name, value) => (name === 'Election' ? elections : gpUnits).push(value as CdfObject),
  );
  if (root !== 'CastVoteRecordReport') throw new InputError(file, null, `expected a CastVoteRecordReport, found <${root}>`);
  const contest = cdfContest(source, elections, gpUnits);
  let records = 0;
  let index = 0;
  await eachXmlChild(
    file,
    (name) => name === 'CVR',
    (_name, value, line) => {
      index++;
      const record = cdfRecord(value as CdfObject, contest, `${file}:${line} (CVR ${index})`);
      if (record === undefined) return;
      records++;
      onRecord(record);
    },
  );
  return { records, declaredCandidates: contest.declared };
}
