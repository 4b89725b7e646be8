// What the CLI uses of the operations layer; re-exported by the package index.
export { adminSocketPath, backupThroughChannel, callAdminChannel } from './admin-channel.js';
export {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  readBackupHeader,
  type BackupHeader,
  type BackupManifest,
} from './backup.js';
export {
  checkDataKey,
  formatKeyFileNotice,
  prepareDataKey,
  readKeyCheck,
  resolveDataKey,
  type ResolvedKey,
} from './data-key.js';
export { DEMO_OFFICES, formatDemoNotice, seedDemo, type DemoAccount } from './demo.js';
export { hasEmbeddedDatabase, openDirectOps, type DirectOps } from './direct.js';
export { ensureFirstRun, formatFirstRunNotice, type FirstRunResult } from './first-run.js';
export {
  backupToFile,
  executeOperation,
  findParamsProblem,
  operatorActor,
  type OperationName,
  type OperationParams,
  type OperationResult,
  type OpsContext,
  type UserAddResult,
} from './operations.js';
export { restoreBackup, verifyBackupForRestore, type RestoreResult, type VerifiedBackup } from './restore.js';
export { displayWidth, formatBox, formatTable } from './text-box.js';
export { appVersion } from './version.js';
