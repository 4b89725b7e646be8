export { buildApp, type BuiltApp, REDACTED_LOG_PATHS } from './app.js';
export { systemClock, type AppDeps, type Clock, type Db } from './deps.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export {
  openDatabase,
  migrateToLatest,
  pgliteDir,
  DatabaseSetupError,
  type DatabaseHandle,
  type DatabaseKind,
} from './db/connect.js';
export { secureDataFolder, DataFolderError, OWNER_ONLY_UMASK } from './db/data-folder.js';
export { acquireDataDirLock, liveLockHolder, readLock, lockFilePath, type LockInfo } from './db/lock.js';
export type { Database } from './db/database.js';
export { AppError } from './errors.js';
export { appendAudit, createAuditWriter, type AuditEvent, type AuditWriter } from './audit/audit.js';
export {
  auditChainKey,
  hashEntry,
  hmacEntry,
  GENESIS_HASH,
  SYSTEM_CHAIN,
  type AuditChainKey,
} from './audit/audit-hash.js';
export * from './keys/keys.js';
export {
  verifyAuditChains,
  exportAuditHeads,
  parseExportedHeads,
  type VerifyAuditOptions,
  type AuditBreakReason,
  type AuditChainBreak,
  type AuditChainReport,
  type AuditHeadsExport,
  type AuditTruncation,
  type AuditVerifyResult,
} from './audit/audit-verify.js';
export { formatVerifyReport } from './audit/audit-report.js';
export { startServer, type StartOptions, type RunningServer } from './main.js';
export * from './ops/public.js';
// What `zhengming calendar due` computes with (the shipped calendar serves a data folder with no database yet).
export { computeDeadline, computePeriodDeadline } from './modules/calendar/deadlines.js';
export { loadShippedYears } from './modules/calendar/calendar.service.js';
export { WorkingCalendar, chinaDateOf, type CalendarYear, type IsoDate } from './modules/calendar/working-calendar.js';
// What the benchmark uses of screening's band-key store (a service will wrap it when complaints are stored).
export {
  findBandKeyCandidateRows,
  findBandKeyCandidates,
  findBandKeyCandidateSketches,
  findCappedBandKeyCandidates,
  findCountedBandKeyCandidates,
  findShingleSets,
  finishBandKeyBulkLoad,
  insertBandKeys,
  startBandKeyBulkLoad,
  type BandKeyRows,
  type ShingleCandidate,
  type SketchCandidate,
} from './modules/screening/band-keys.repository.js';
// What the benchmark's case-model fill uses to write exactly the rows intake writes (sealed reporters, register keys).
export { nameKey, sealCosigner, sealReporter, type SealedReporter } from './modules/complaints/reporter-identity.js';
export { registerKey } from './modules/complaints/complaint-intake.service.js';
