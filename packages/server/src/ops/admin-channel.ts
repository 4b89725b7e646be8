import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ERROR_CODES, type ErrorCode } from '@zhengming/contracts';
import { z } from 'zod';
import { AppError } from '../errors.js';
import {
  backupToStream,
  executeOperation,
  isOperationName,
  operatorActor,
  sanitizeOperatorLabel,
  type OperationName,
  type OperationParams,
  type OperationResult,
  type OpsContext,
} from './operations.js';
import { readBackup, type BackupManifest } from './backup.js';

// The admin channel: while the server holds the embedded database (PGlite allows one process per folder),
// the CLI's commands run inside the server, over HTTP on a Unix socket in the data folder — never TCP.
// Only the owner can connect: the socket is mode 0600 in a 0700 folder. Node cannot read the peer's
// credentials (SO_PEERCRED), so the file modes are the check. Requests:
//   POST /op/<operation>  {"operator": "cli:<os user>", "params": {…}}  → {"ok":true,"result":…} | {"ok":false,"error":{…}}
//   POST /backup          {"operator": …, "file": …}                   → the backup file's bytes (gzip)

/** The socket file of a data folder. */
export function adminSocketPath(dataDir: string): string {
  return path.join(dataDir, 'admin.sock');
}

// sun_path holds 108 bytes on Linux (104 on macOS), the terminating NUL included.
const MAX_SOCKET_PATH_BYTES = 100;
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export interface AdminChannel {
  socketPath: string;
  close(): Promise<void>;
}

const RequestSchema = z.object({
  operator: z.unknown(),
  params: z.unknown().optional(),
  file: z.string().max(4096).nullable().optional(),
});

async function readBody(request: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_REQUEST_BYTES) {
      throw new AppError('VALIDATION_FAILED', 'admin channel request too large');
    }
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('VALIDATION_FAILED', 'admin channel request is not JSON');
  }
}

interface WireError {
  code: ErrorCode;
  message: string;
  userMessage?: string | undefined;
}

function toWireError(error: unknown): WireError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, userMessage: error.userMessage };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

async function handle(
  ctx: OpsContext,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  onError: (error: unknown) => void,
): Promise<void> {
  const url = request.url ?? '';
  if (request.method !== 'POST') {
    sendJson(response, 405, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'POST only' } });
    return;
  }
  const body = RequestSchema.safeParse(await readBody(request));
  if (!body.success) {
    throw new AppError('VALIDATION_FAILED', 'admin channel request has an unexpected shape');
  }
  const actor = operatorActor(sanitizeOperatorLabel(body.data.operator));
  if (url === '/backup') {
    response.writeHead(200, { 'content-type': 'application/gzip' });
    try {
      await backupToStream(ctx, actor, response, body.data.file ?? null);
    } catch (error) {
      // The client sees a cut-off stream, and the missing manifest marks the file as incomplete.
      onError(error);
      response.destroy();
    }
    return;
  }
  const name = url.startsWith('/op/') ? url.slice('/op/'.length) : '';
  if (!isOperationName(name)) {
    sendJson(response, 404, { ok: false, error: { code: 'NOT_FOUND', message: `unknown command ${name}` } });
    return;
  }
  const result = await executeOperation(ctx, actor, name, body.data.params ?? {});
  sendJson(response, 200, { ok: true, result });
}

/**
 * Opens the admin channel of a server that holds the embedded database. A socket left by a crashed server is
 * replaced (the caller holds the folder lock, so it cannot belong to a live server). Paths too long for a Unix
 * socket fall back to a private folder under the system temp folder; the lock file records where it is.
 */
export async function openAdminChannel(options: {
  dataDir: string;
  ctx: OpsContext;
  onError?: (error: unknown) => void;
}): Promise<AdminChannel> {
  let socketPath = adminSocketPath(options.dataDir);
  let privateDir: string | null = null;
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhengming-'));
    socketPath = path.join(privateDir, 'admin.sock');
  }
  fs.rmSync(socketPath, { force: true });
  const onError = options.onError ?? ((): void => undefined);
  const server = http.createServer((request, response) => {
    handle(options.ctx, request, response, onError).catch((error: unknown) => {
      const wire = toWireError(error);
      if (wire.code === 'INTERNAL') {
        onError(error);
      }
      if (response.headersSent) {
        response.destroy();
      } else {
        sendJson(response, ERROR_CODES[wire.code].status, { ok: false, error: wire });
      }
    });
  });
  // The socket is created by listen(); a umask of 0177 makes it owner-only from its first moment
  // (listen binds synchronously), and chmod below states it explicitly.
  const previousUmask = process.umask(0o177);
  try {
    server.listen(socketPath);
  } finally {
    process.umask(previousUmask);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  fs.chmodSync(socketPath, 0o600);
  let isClosed = false;
  return {
    socketPath,
    async close() {
      if (isClosed) {
        return;
      }
      isClosed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(socketPath, { force: true });
      if (privateDir !== null) {
        fs.rmSync(privateDir, { recursive: true, force: true });
      }
    },
  };
}

// ── Client (the CLI) ──────────────────────────────────────────────────────────

const WireErrorSchema = z.object({
  code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  userMessage: z.string().optional(),
});
const ReplySchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireErrorSchema }),
]);

function unreachable(socketPath: string, error: unknown): AppError {
  return new AppError(
    'DATABASE_LOCKED',
    `the running server holds the database, but its admin channel ${socketPath} does not answer (${(error as Error).message})`,
    { userMessage: '服务正在运行，但其管理通道无法连接。' },
  );
}

function post(socketPath: string, urlPath: string, body: unknown): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const request = http.request(
      {
        socketPath,
        path: urlPath,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      resolve,
    );
    request.on('error', (error) => reject(unreachable(socketPath, error)));
    request.end(text);
  });
}

async function readText(response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorFromReply(text: string): AppError {
  try {
    const reply = ReplySchema.parse(JSON.parse(text));
    if (!reply.ok) {
      return new AppError(
        reply.error.code,
        reply.error.message,
        reply.error.userMessage === undefined ? {} : { userMessage: reply.error.userMessage },
      );
    }
  } catch {
    // fall through
  }
  return new AppError('INTERNAL', `unexpected reply from the admin channel: ${text.slice(0, 200)}`);
}

/** Runs an operation in the running server; its errors come back as the same AppErrors. */
export async function callAdminChannel<N extends OperationName>(
  socketPath: string,
  name: N,
  params: OperationParams<N>,
  operator: string,
): Promise<OperationResult<N>> {
  const response = await post(socketPath, `/op/${name}`, { operator, params });
  const text = await readText(response);
  let reply: z.infer<typeof ReplySchema>;
  try {
    reply = ReplySchema.parse(JSON.parse(text));
  } catch {
    throw errorFromReply(text);
  }
  if (!reply.ok) {
    throw errorFromReply(text);
  }
  // The server ran the same typed operation; JSON carries its plain result unchanged.
  return reply.result as OperationResult<N>;
}

/**
 * Has the running server write a backup and stores it in a new file (mode 0600). The file is checked end to end
 * (every table's hash and the manifest) before it is kept, so a cut-off transfer never leaves a usable-looking
 * file behind.
 */
export async function backupThroughChannel(
  socketPath: string,
  file: string,
  operator: string,
): Promise<BackupManifest> {
  if (fs.existsSync(file)) {
    throw new AppError('CONFLICT', `the file ${file} exists already; choose another name`, {
      userMessage: `文件 ${file} 已存在，请换一个文件名。`,
    });
  }
  const partial = `${file}.partial-${process.pid}`;
  try {
    const response = await post(socketPath, '/backup', { operator, file: path.resolve(file) });
    if (response.statusCode !== 200) {
      throw errorFromReply(await readText(response));
    }
    // pipeline rejects when the server cuts the stream off (premature close).
    await pipeline(response, fs.createWriteStream(partial, { mode: 0o600, flags: 'wx' }));
    const manifest = await readBackup(partial, async () => undefined);
    fs.renameSync(partial, file);
    return manifest;
  } finally {
    fs.rmSync(partial, { force: true });
  }
}
