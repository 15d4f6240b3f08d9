/**
 * hustings/report: renderers of a count record. Pure functions from a
 * `CountRecord` to text; the caller decides where the text goes.
 */
export { renderTable, type TableOptions } from './table.js';
export { renderCsv } from './csv.js';
export { csvField, csvLine } from './csv-writer.js';
export {
  renderUrcvt,
  toUrcvt,
  EXHAUSTED,
  RESIDUAL_SURPLUS,
  type Urcvt,
  type UrcvtOptions,
  type UrcvtRound,
  type UrcvtTallyResult,
  type UrcvtTransfers,
  type UrcvtInactiveBallots,
} from './urcvt.js';
export { buildSheet, type Sheet, type CandidateRow, type TotalRow, type StageHeading, type SheetCell } from './sheet.js';

import type { CountRecord } from '../count/record.js';
import { renderTable, type TableOptions } from './table.js';
import { renderCsv } from './csv.js';
import { renderUrcvt, type UrcvtOptions } from './urcvt.js';

export const REPORT_FORMATS = ['table', 'csv', 'urcvt'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders `record` in one of the output formats of `hustings count --format`. */
export function render(record: CountRecord, format: ReportFormat, options: TableOptions & UrcvtOptions = {}): string {
  switch (format) {
    case 'table':
      return renderTable(record, options);
    case 'csv':
      return renderCsv(record);
    case 'urcvt':
      return renderUrcvt(record, options);
    default: {
      const never: never = format;
      throw new Error(`unknown report format ${String(never)}`);
    }
  }
}
