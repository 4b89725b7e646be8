import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { messageFor, type ErrorResponse, type Locale } from '@zhengming/contracts';
import { AppError } from '../errors.js';

/** zh-CN unless the client asks for English first. */
export function localeOf(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'] ?? '';
  return /^\s*en\b/i.test(header) ? 'en' : 'zh-CN';
}

/**
 * Renders every error as `{ code, message }` with the message chosen by code and locale. Expected errors are
 * logged briefly; unexpected ones in full, without leaking them to the client.
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const locale = localeOf(request);
  let appError: AppError;
  if (error instanceof AppError) {
    appError = error;
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    appError = new AppError('VALIDATION_FAILED', 'request failed its schema', {
      details: error.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: v.message ?? 'invalid',
      })),
    });
  } else if ('statusCode' in error && error.statusCode === 413) {
    appError = new AppError('PAYLOAD_TOO_LARGE', error.message);
  } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
    // Fastify's own client errors (bad JSON, unsupported media type).
    appError = new AppError('VALIDATION_FAILED', error.message);
  } else {
    appError = new AppError('INTERNAL', error.message, { cause: error });
  }
  if (appError.isReportable) {
    request.log.error({ err: error }, 'unexpected error');
  } else {
    request.log.info({ code: appError.code, reason: appError.message }, 'request refused');
  }
  const body: ErrorResponse = {
    code: appError.code,
    message: appError.userMessage ?? messageFor(appError.code, locale),
    ...(appError.details === undefined ? {} : { details: appError.details }),
  };
  void reply.status(appError.status).send(body);
}
