/**
 * CDF JSON reports, streamed in two passes over the file: the first keeps the
 * Election and GpUnit parts (small) and skips the CVRs, the second hands each
 * CVR to `cdfRecord` as it is met, so that a report whose CVRs come first (as
 * RCTab writes them) is read in memory that follows one record.
 */
import type { CdfObject } from './cdf.js';
import { cdfContest, cdfRecord, list } from './cdf.js';
import { eachChunk } from './files.js';
import { parseJsonAt, TopLevelJsonScanner } from './json-scan.js';
import type { CastVoteRecord, CvrSource, CvrSourceSummary } from './records.js';

const NONE: ReadonlySet<string> = new Set();

export async function readCdfJson(source: CvrSource, onRecord: (r: CastVoteRecord) => void): Promise<CvrSourceSummary> {
  const file = source.path;
  const parts = new Map<string, { text: string; line: number }>();
  const definitions = new TopLevelJsonScanner(file, {
    elements: NONE,
    values: new Set(['Election', 'GpUnit']),
    onValue: (key, text, line) => parts.set(key, { text, line }),
  });
  await eachChunk(file, (chunk) => definitions.push(chunk));
  definitions.end();
  const part = (key: string): CdfObject[] => {
    const p = parts.get(key);
    return p === undefined ? [] : (list(parseJsonAt<unknown>(p.text, file, p.line)) as CdfObject[]);
  };
  const contest = cdfContest(source, part('Election'), part('GpUnit'));
  let records = 0;
  let index = 0;
  const cvrs = new TopLevelJsonScanner(file, {
    elements: new Set(['CVR']),
    values: NONE,
    onElement: (_key, text, line) => {
      index++;
      const record = cdfRecord(parseJsonAt<CdfObject>(text, file, line), contest, `${file}:${line} (CVR ${index})`);
      if (record === undefined) return;
      records++;
      onRecord(record);
    },
  });
  await eachChunk(file, (chunk) => cvrs.push(chunk));
  cvrs.end();
  return { records, declaredCandidates: contest.declared };
}
