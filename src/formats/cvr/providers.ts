/** The reader each provider needs. */
import { readCdfJson } from './cdf-json.js';
import { readCdfXml } from './cdf-xml.js';
import { readClearBallot } from './clear-ballot.js';
import { readDominion } from './dominion.js';
import { readEss } from './ess.js';
import { readHart } from './hart.js';
import { readRctabCsv } from './rctab-csv.js';
import type { CastVoteRecord, CvrSource, CvrSourceSummary } from './records.js';

/** Reads one source with its provider's reader; CDF is JSON or XML by the file's extension, as RCTab tells them. */
export function readCvrSource(source: CvrSource, onRecord: (r: CastVoteRecord) => void): Promise<CvrSourceSummary> {
  switch (source.provider) {
    case 'cdf':
      return source.path.toLowerCase().endsWith('.xml') ? readCdfXml(source, onRecord) : readCdfJson(source, onRecord);
    case 'dominion':
      return readDominion(source, onRecord);
    case 'ess':
      return readEss(source, onRecord);
    case 'hart':
      return readHart(source, onRecord);
    case 'clearBallot':
      return readClearBallot(source, onRecord);
    case 'csv':
      return readRctabCsv(source, onRecord);
  }
}
