import { randomUUID } from 'node:crypto';
import { fc } from '@fast-check/vitest';
import { ERROR_CODES, ErrorResponseSchema, type OfficeId, type Role } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGrant, buildOffice, buildSession, buildUser, type TestUser } from '../test-support/builders.js';
import { buildTestApp, type TestApp } from '../test-support/test-app.js';

/*
 * Generated text — control characters, NUL, lone surrogates, very long strings, mixed scripts (Chinese, Arabic,
 * emoji, combining marks) — sent to every input of every route that takes one: each string field of a JSON body,
 * each query parameter and each path parameter, found in the app's own OpenAPI document (so a new route is fuzzed
 * without being listed here). No answer may be a 5xx, and every refusal has the shared error shape. Each input is
 * sent with valid values in the other fields and a session that passes the route's policy, so that the text gets
 * as far into the services and the database as it can: PostgreSQL refuses NUL where PGlite might not, so this
 * file is worth running on both.
 */

/** Runs per input; about 30 inputs, so the file stays well under a minute on PGlite. */
const RUNS = 50;

const NASTY = [
  '\0',
  '\x01',
  '\x07',
  '\b',
  '\t',
  '\n',
  '\r',
  '\x1b',
  '\x7f',
  '\x85',
  '\x9b',
  '\u2028',
  '\u202e',
  '\u2066',
];
const SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
const SCRIPTS = [
  '东',
  '湖',
  '纪',
  '委',
  '𠀀',
  'م',
  'ر',
  'ح',
  'ب',
  '😀',
  '👨‍👩‍👧',
  'e\u0301',
  '\u0301',
  'Å',
  'ß',
  'İ',
  ' ',
  'a',
  '-',
];

/** The generated texts: anything, the characters that used to break things, scripts, and long ones. */
const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...NASTY, ...SURROGATES, ...SCRIPTS), maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...SCRIPTS), minLength: 1, maxLength: 60 }),
  fc.string({ unit: 'grapheme', minLength: 100, maxLength: 400 }),
  fc
    .tuple(fc.constantFrom('字', 'a', '😀', '\0', '\uD800'), fc.integer({ min: 200, max: 20_000 }))
    .map(([unit, count]) => unit.repeat(count)),
);

/** A path segment or query value on the wire: the text's UTF-8 percent-encoded, or raw bytes (invalid UTF-8 too). */
const wireText: fc.Arbitrary<string> = fc.oneof(
  text.map((value) => percentEncode(Buffer.from(value, 'utf8'))),
  fc.uint8Array({ minLength: 1, maxLength: 24 }).map((bytes) => percentEncode(Buffer.from(bytes))),
);

function percentEncode(bytes: Buffer): string {
  return [...bytes].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  default?: unknown;
  const?: unknown;
}

interface OpenApiOperation {
  parameters?: { in: 'path' | 'query' | 'header' | 'cookie'; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** One input of one route to fuzz. */
interface Input {
  method: string;
  /** The path as the router declares it (`/api/grants/:id/reject`). */
  url: string;
  where: 'body' | 'query' | 'path';
  name: string;
}

/** The object schema of a JSON body (the first object branch of an anyOf, as for an optional body). */
function objectSchema(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (schema === undefined) {
    return undefined;
  }
  if (schema.properties !== undefined) {
    return schema;
  }
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].map(objectSchema).find((s) => s !== undefined);
}

function isTextSchema(schema: JsonSchema): boolean {
  const types = [schema.type, ...(schema.anyOf ?? []).map((s) => s.type)].flat();
  return types.includes('string') || schema.enum !== undefined;
}

describe('every text input, fuzzed', () => {
  let t: TestApp;
  let root: OfficeId;
  let intake: TestUser;
  const sessions = new Map<string, Record<string, string>>();
  let serial = 0;

  beforeAll(async () => {
    t = await buildTestApp();
    root = (await buildOffice(t, { parentId: null, name: '测试省纪委监委', level: 'province' })).id;
    intake = await buildUser(t, { roles: [{ officeId: root, role: 'intake' }] });
    sessions.set('self', (await buildSession(t, { userId: intake.id, activeOfficeId: root })).headers);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  /** The headers of a session holding `role` in the root office (built once per role). */
  async function sessionWith(role: Role): Promise<Record<string, string>> {
    const known = sessions.get(role);
    if (known !== undefined) {
      return known;
    }
    const user = await buildUser(t, { password: null, roles: [{ officeId: root, role }] });
    const headers = (await buildSession(t, { userId: user.id, activeOfficeId: root })).headers;
    sessions.set(role, headers);
    return headers;
  }

  /** A valid value for a body field, so that the fuzzed one is the only thing wrong with the request. */
  function validValue(name: string, schema: JsonSchema): unknown {
    serial += 1;
    if (schema.default !== undefined) {
      return schema.default;
    }
    if (schema.const !== undefined) {
      return schema.const;
    }
    if (schema.enum !== undefined) {
      return name === 'level' ? 'county' : schema.enum[0];
    }
    const types = [schema.type].flat();
    if (schema.format === 'uuid') {
      return root;
    }
    if (types.includes('boolean')) {
      return false;
    }
    if (types.includes('integer') || types.includes('number')) {
      return schema.minimum ?? 1;
    }
    const examples: Record<string, string> = {
      username: `fuzz${serial}`,
      password: intake.password,
      currentPassword: intake.password,
      newPassword: `正名-fuzz-口令-${serial}-长长久久`,
      code: '123456',
    };
    return examples[name] ?? `测试${serial}`;
  }

  /** A path parameter that names something real: a fresh pending grant, a fresh user, else a random uuid. */
  async function pathId(url: string): Promise<string> {
    if (url.startsWith('/api/grants/')) {
      const user = await buildUser(t, { password: null });
      return buildGrant(t, { userId: user.id, officeId: root, role: 'intake', status: 'pending' });
    }
    if (url.startsWith('/api/users/')) {
      return (await buildUser(t, { password: null })).id;
    }
    if (url.startsWith('/api/offices/')) {
      return root;
    }
    return randomUUID();
  }

  /** The session headers that pass the route's policy (public routes: with or without one). */
  async function headersFor(url: string, method: string, withSession: boolean): Promise<Record<string, string>> {
    const policy = t.routes.find((r) => r.url === url && r.method === method)?.policy;
    if (policy === undefined || (policy.access === 'public' && !withSession)) {
      return {};
    }
    if (policy.access === 'roles') {
      return sessionWith(policy.roles[0] ?? 'admin');
    }
    return sessions.get('self') ?? {};
  }

  function openApi(): { paths: Record<string, Record<string, OpenApiOperation>> } {
    return (t.app as unknown as { swagger(): { paths: Record<string, Record<string, OpenApiOperation>> } }).swagger();
  }

  /** Every fuzzable input of the app's routes, with the schemas to build the rest of the request. */
  function inputsOf(): (Input & { operation: OpenApiOperation })[] {
    const inputs: (Input & { operation: OpenApiOperation })[] = [];
    for (const [path, operations] of Object.entries(openApi().paths)) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      for (const [method, operation] of Object.entries(operations)) {
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'path' || parameter.in === 'query') {
            inputs.push({ method: method.toUpperCase(), url, where: parameter.in, name: parameter.name, operation });
          }
        }
        const body = objectSchema(operation.requestBody?.content?.['application/json']?.schema);
        for (const [name, schema] of Object.entries(body?.properties ?? {})) {
          if (isTextSchema(schema)) {
            inputs.push({ method: method.toUpperCase(), url, where: 'body', name, operation });
          }
        }
      }
    }
    return inputs;
  }

  it('finds the text inputs of the routes', () => {
    const names = inputsOf().map((i) => `${i.method} ${i.url} ${i.where}.${i.name}`);
    for (const expected of [
      'POST /api/auth/sign-in body.username',
      'POST /api/auth/sign-in body.password',
      'POST /api/auth/password body.newPassword',
      'POST /api/offices body.name',
      'POST /api/users body.username',
      'POST /api/users body.displayName',
      'POST /api/grants/:id/reject body.reason',
      'POST /api/grants/:id/reject path.id',
      'GET /api/audit/entries query.officeId',
      'PUT /api/offices/:id/settings body.numberPrefix',
      'PUT /api/offices/:id/settings body.numberWord',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('answers no generated text with a 5xx, and every refusal in the shared error shape', async () => {
    const failures: string[] = [];
    for (const input of inputsOf()) {
      const pathParams = (input.operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const body = objectSchema(input.operation.requestBody?.content?.['application/json']?.schema);
      const run = await fc.check(
        fc.asyncProperty(text, wireText, fc.boolean(), fc.nat(), async (value, wireValue, withSession, address) => {
          let url = input.url;
          for (const name of pathParams) {
            const segment = input.where === 'path' && input.name === name ? wireValue : await pathId(input.url);
            url = url.replace(`:${name}`, segment);
          }
          if (input.where === 'query') {
            url += `?${input.name}=${wireValue}`;
          }
          let payload: string | undefined;
          if (body !== undefined) {
            const fields = Object.entries(body.properties ?? {}).map(([name, schema]) => [
              name,
              input.where === 'body' && input.name === name ? value : validValue(name, schema),
            ]);
            // JSON.stringify writes a lone surrogate as \udxxx, which the server's parser turns back into one.
            payload = JSON.stringify(Object.fromEntries(fields));
          }
          const response = await t.app.inject({
            method: input.method as 'GET' | 'POST' | 'PUT',
            url,
            // A fresh client address per request, so the sign-in delay per address never blocks the fuzzing.
            remoteAddress: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
            headers: {
              ...(await headersFor(input.url, input.method, withSession)),
              ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(payload === undefined ? {} : { payload }),
          });
          const sent = input.where === 'body' ? ` = ${JSON.stringify(value).slice(0, 80)}` : '';
          const where = `${input.method} ${url.slice(0, 120)} (${input.where}.${input.name}${sent})`;
          if (response.statusCode >= 500) {
            throw new Error(`${where}: ${response.statusCode} ${response.body.slice(0, 300)}`);
          }
          if (response.statusCode >= 400) {
            const body: unknown = response.json();
            const parsed = ErrorResponseSchema.safeParse(body);
            const isShared = parsed.success && Object.hasOwn(ERROR_CODES, parsed.data.code);
            if (!isShared) {
              throw new Error(
                `${where}: ${response.statusCode} not the shared error shape: ${response.body.slice(0, 300)}`,
              );
            }
          }
        }),
        { numRuns: RUNS },
      );
      if (run.failed) {
        // The shrunk counterexample's message only, not every step of the shrinking.
        failures.push(run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance));
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
