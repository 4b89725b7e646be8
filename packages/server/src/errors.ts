import { ERROR_CODES, type ErrorCode } from '@zhengming/contracts';

/**
 * The one error type of the server. `code` picks the HTTP status and the user message; `message` is
 * internal (logged, never shown); `isReportable` marks unexpected failures that are logged in full.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: { path: string; message: string }[] | undefined;
  readonly userMessage: string | undefined;
  readonly isReportable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: { path: string; message: string }[]; userMessage?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.userMessage = options.userMessage;
    this.isReportable = code === 'INTERNAL';
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/** The same answer whether the thing does not exist or the caller may not see it. */
export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found or not visible`);
export const forbidden = (why: string): AppError => new AppError('FORBIDDEN', why);
export const unauthenticated = (): AppError => new AppError('UNAUTHENTICATED', 'no valid session');
export const conflict = (what: string, userMessage?: string): AppError =>
  new AppError('CONFLICT', `${what} already exists`, userMessage === undefined ? {} : { userMessage });
export const validationFailed = (path: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, { details: [{ path, message }] });
