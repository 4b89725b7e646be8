import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';

/** HSTS: a year, the app's own host only (the operator's domain may hold other sites). */
export const HSTS_HEADER_VALUE = 'max-age=31536000';

/**
 * Whether the request reached the app over HTTPS: the operator said so (`ZHENGMING_HTTPS=on`), or the request
 * itself came over TLS — directly, or through a trusted proxy's X-Forwarded-Proto (Fastify believes it only from
 * the addresses of ZHENGMING_TRUST_PROXY). Decides the session cookie's Secure flag and the HSTS header.
 */
export function isServedOverHttps(request: FastifyRequest, https: AppDeps['https']): boolean {
  return https === 'on' || request.protocol === 'https';
}
