/** The HTTP status a refused use case earns: the web app's one table of them (the command line's is cli/exit-status.ts). */
import type { AppError, AppErrorCode } from '../../app/app-error.js';

const HTTP_STATUS = {
  'not-found': 404,
  malformed: 400,
  invalid: 422,
  conflict: 409,
  forbidden: 403,
  throttled: 429,
  unavailable: 500,
} as const satisfies Readonly<Record<AppErrorCode, number>>;

export type RefusalStatus = (typeof HTTP_STATUS)[AppErrorCode];

export const httpStatusOf = (error: AppError): RefusalStatus => HTTP_STATUS[error.code];
