// Backups (issue 11, item 1): see docs/backups.md.
export { backupNow, backupRunning, rotateBackups, checkPgliteArchive, checkPostgresArchive } from './backup';
export { backupHealth, type BackupHealth } from './health';
export { listBackups, lastGoodBackup, type BackupManifest, type BackupReason } from './manifest';
export { planRestore, restoreBackup, describeBackup, type RestorePlan } from './restore';
export { requestBackup, startBackupSchedule, stopBackupSchedule } from './schedule';
