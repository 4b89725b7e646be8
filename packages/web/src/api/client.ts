import { ErrorResponseSchema, type Locale } from '@zhengming/contracts';
import type { z } from 'zod';

/** Codes the client itself produces when the server gives no usable answer. */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE';

/** Every failure of a call, in the shared error shape `{ code, message }`. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: { path: string; message: string }[];

  constructor(code: string, message: string, status: number, details: { path: string; message: string }[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export interface ApiClientOptions {
  /** The UI language, sent as `accept-language` so server messages match it. */
  getLocale: () => Locale;
  /** Messages for failures that have no server message (no connection, malformed answer). */
  clientMessage: (code: ClientErrorCode) => string;
  /** Shows a failure to the user (antd message); skipped for calls made with `quiet`. */
  onError: (error: ApiError) => void;
  /** The session has ended (401 UNAUTHENTICATED) while the user thought they were signed in. */
  onSessionExpired: (error: ApiError) => void;
}

export interface RequestOptions {
  body?: unknown;
  /** The caller shows the error itself (e.g. next to a form field). */
  quiet?: boolean;
  /** A 401 is an expected answer (the session probe at start, sign-in itself), not an expiry. */
  isUnauthenticatedExpected?: boolean;
  query?: Record<string, string | number | undefined>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Calls the REST API: sends the session's CSRF token on state-changing requests, parses every answer with
 * its contracts schema and turns every failure into an ApiError that is shown to the user once.
 */
export class ApiClient {
  private csrfToken: string | null = null;

  constructor(private readonly options: ApiClientOptions) {}

  /** The CSRF token of the current session (from the session response), or null when signed out. */
  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  get<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    return this.request('GET', path, schema, options);
  }

  post<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    return this.request('POST', path, schema, options);
  }

  async request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    try {
      return await this.send(method, path, schema, options);
    } catch (error) {
      const apiError = this.toApiError(error);
      if (apiError.code === 'UNAUTHENTICATED' && options.isUnauthenticatedExpected !== true) {
        this.csrfToken = null;
        this.options.onSessionExpired(apiError);
      } else if (options.quiet !== true) {
        this.options.onError(apiError);
      }
      throw apiError;
    }
  }

  private async send<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    options: RequestOptions,
  ): Promise<z.output<S>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': this.options.getLocale() === 'en' ? 'en' : 'zh-CN',
    };
    if (!SAFE_METHODS.has(method) && this.csrfToken !== null) {
      headers['x-csrf-token'] = this.csrfToken;
    }
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(withQuery(path, options.query), { method, headers, body, credentials: 'same-origin' });
    } catch {
      throw new ApiError('NETWORK', this.options.clientMessage('NETWORK'), 0);
    }
    const payload = await readJson(response);
    if (!response.ok) {
      const parsed = ErrorResponseSchema.safeParse(payload);
      if (parsed.success) {
        throw new ApiError(parsed.data.code, parsed.data.message, response.status, parsed.data.details);
      }
      throw new ApiError('BAD_RESPONSE', this.options.clientMessage('BAD_RESPONSE'), response.status);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      console.error(`${method} ${path}: the answer does not match its schema`, parsed.error.issues);
      throw new ApiError('BAD_RESPONSE', this.options.clientMessage('BAD_RESPONSE'), response.status);
    }
    return parsed.data;
  }

  private toApiError(error: unknown): ApiError {
    if (error instanceof ApiError) {
      return error;
    }
    console.error(error);
    return new ApiError('BAD_RESPONSE', this.options.clientMessage('BAD_RESPONSE'), 0);
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) {
    return undefined;
  }
  const text = await response.text();
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (query === undefined) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}
