import fs from 'node:fs';
import type { Command } from 'commander';
import {
  AppError,
  backupThroughChannel,
  backupToFile,
  createAuditWriter,
  liveLockHolder,
  openDatabase,
  openDirectOps,
  operatorActor,
  resolveDataKey,
  restoreBackup,
  systemClock,
  verifyBackupForRestore,
  type BackupManifest,
} from '@zhengming/server';
import { cliConfig, operatorLabel, print, runningServerSocket } from '../runtime.js';

function summary(manifest: BackupManifest): string {
  const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  return `${manifest.tables.length} 张表，${rows} 行 / ${manifest.tables.length} tables, ${rows} rows`;
}

/** `zhengming backup --out FILE` and `zhengming restore FILE [--force]`. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('备份整个数据库（服务运行时也可以）；备份不含数据密钥 / back up the whole database')
    .requiredOption('--out <file>', '备份文件（新文件）/ the backup file (a new file)')
    .action(async (options: { out: string }) => {
      const config = cliConfig();
      const server = runningServerSocket(config);
      let manifest: BackupManifest;
      if (server !== null) {
        manifest = await backupThroughChannel(server.socket, options.out, operatorLabel());
      } else {
        const direct = await openDirectOps(config, { migrate: false, mustExist: true });
        try {
          manifest = await backupToFile(direct.ctx, operatorActor(operatorLabel()), options.out);
        } finally {
          await direct.close();
        }
      }
      print(`已备份 / backup written: ${options.out}（${summary(manifest)}）`);
      print('备份不含数据密钥；恢复时需要原密钥。 / The backup does not contain the data key; restore needs it.');
    });

  program
    .command('restore')
    .description('将备份恢复到空的数据目录或空数据库（需原数据密钥）/ restore a backup into an empty database')
    .argument('<file>', '备份文件 / the backup file')
    .option('--force', '目标已有表结构但没有任何数据时也恢复 / accept a target with the schema but no rows')
    .action(async (file: string, options: { force?: boolean }) => {
      const config = cliConfig();
      const holder = config.databaseUrl === undefined ? liveLockHolder(config.dataDir) : null;
      if (holder !== null) {
        throw new AppError(
          'DATABASE_LOCKED',
          `the server is running (process ${holder.pid}) on ${config.dataDir}; stop it before restoring`,
          { userMessage: `服务正在运行（进程 ${holder.pid}），恢复前请先停止服务。` },
        );
      }
      if (config.keyFromEnv === undefined && !fs.existsSync(config.keyFile)) {
        throw new AppError(
          'KEY_MISMATCH',
          `restore needs the data key of the backed-up database: set ZHENGMING_KEY or put the key file at ${config.keyFile}`,
          { userMessage: `恢复需要原数据库的数据密钥：请设置 ZHENGMING_KEY，或将密钥文件放到 ${config.keyFile}。` },
        );
      }
      const key = resolveDataKey(config, { mayCreate: false });
      const verified = await verifyBackupForRestore(file, key.key);
      const database = await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        migrate: false,
        pgliteSharedBuffers: config.pgliteSharedBuffers,
      });
      try {
        const result = await restoreBackup(database, verified, {
          isForced: options.force === true,
          audit: createAuditWriter(key.key, systemClock),
          actor: operatorActor(operatorLabel()),
        });
        print(
          `已恢复 / restored: ${file}（${summary(result.manifest)}；备份时间 backed up at ${result.manifest.createdAt}）`,
        );
        if (result.migratedAfter.length > 0) {
          print(`恢复后已执行迁移 / migrated after restore: ${result.migratedAfter.join(', ')}`);
        }
      } finally {
        await database.close();
      }
    });
}
