import type { APIRequestContext } from 'playwright-core';

/** A JSON call through a browser context's request client (which shares the context's cookies). */
export async function callApi<T>(
  request: APIRequestContext,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; csrfToken?: string } = {},
): Promise<T> {
  const response = await request.fetch(path, {
    method,
    headers: options.csrfToken === undefined ? {} : { 'x-csrf-token': options.csrfToken },
    ...(options.body === undefined ? {} : { data: options.body }),
  });
  if (!response.ok()) {
    throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

interface SessionAnswer {
  step: string | null;
  csrfToken: string;
}

/** Signs a user with TOTP in through the API; returns the session's CSRF token. */
export async function signInThroughApi(
  request: APIRequestContext,
  username: string,
  password: string,
  code: () => Promise<string>,
): Promise<string> {
  const first = await callApi<SessionAnswer>(request, 'POST', '/api/auth/sign-in', { body: { username, password } });
  if (first.step !== 'totp') {
    throw new Error(`sign-in of ${username} stopped at step ${first.step ?? 'done'}`);
  }
  const done = await callApi<SessionAnswer>(request, 'POST', '/api/auth/totp', {
    body: { code: await code() },
    csrfToken: first.csrfToken,
  });
  return done.csrfToken;
}

/**
 * Signs in a user who has not enrolled TOTP yet (a demo user) through the API and enrols it; returns the
 * session's CSRF token.
 */
export async function enrolThroughApi(
  request: APIRequestContext,
  username: string,
  password: string,
  codeOf: (secret: string) => string,
): Promise<string> {
  const first = await callApi<SessionAnswer>(request, 'POST', '/api/auth/sign-in', { body: { username, password } });
  if (first.step !== 'totp_enrolment') {
    throw new Error(`sign-in of ${username} is at step ${first.step ?? 'done'}, not totp_enrolment`);
  }
  const enrolment = await callApi<{ secret: string }>(request, 'GET', '/api/auth/totp/enrolment');
  const done = await callApi<SessionAnswer>(request, 'POST', '/api/auth/totp/enrolment', {
    body: { code: codeOf(enrolment.secret) },
    csrfToken: first.csrfToken,
  });
  return done.csrfToken;
}
