/**
 * The audit log's pure core: the registry of event types (events.ts), the
 * canonical form of their data (canonical.ts), the hash chain and its
 * verification (chain.ts), what a process step logs (process-steps.ts), and
 * the registry in words (docs.ts). No I/O: the stores keep the entries and
 * give the digest.
 */
export { AuditDataError, canonicalJson, type JsonObject, type JsonValue } from './canonical.js';
export {
  AUDIT_EVENTS,
  AUDIT_EVENT_TYPES,
  MAX_TEXT,
  auditDataProblem,
  isAuditEventType,
  type AuditData,
  type AuditEventSpec,
  type AuditEventType,
  type FieldKind,
  type EventFieldSpec,
} from './events.js';
export {
  GENESIS,
  HASH_PREFIX,
  auditRecord,
  chainEntry,
  dataText,
  entryHash,
  formatHead,
  hashedText,
  parseHead,
  recordProblem,
  verifyChain,
  type AuditEntry,
  type AuditHead,
  type AuditRecord,
  type ChainProblem,
  type ChainReport,
  type Digest,
  type ProblemKind,
  type VerifyOptions,
} from './chain.js';
export { PROCESS_STEP_TYPES, processStepRecord, utcInstant, type ProcessKindName, type StepOf } from './process-steps.js';
export { auditEventsMarkdown, auditEventsText } from './docs.js';
export { replayAudit, type ReplayReport, type ReplayedProcess } from './replay.js';
