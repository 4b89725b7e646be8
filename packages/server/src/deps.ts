import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditWriter } from './audit/audit.js';
import type { DatabaseKind } from './db/connect.js';
import type { Database } from './db/database.js';
import type { DataKey } from './keys/keys.js';

/*
 * The shared dependency types of the server, in one place below every feature: modules, `access/`, `http/` and
 * `ops/` import them from here, never from `app.ts` (which imports the modules).
 */

/**
 * The database, or a transaction on it: Kysely gives both the same type, so a repository function takes a `Db`
 * and runs wherever its caller is — inside the transaction of an audit entry or on its own.
 */
export type Db = Kysely<Database>;

/** Where the current time comes from; injected so tests control it. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * What the app is built from; no module-level singletons. A service takes only the few of these it uses
 * (`Pick<AppDeps, 'db' | 'clock'>`), never the whole set.
 */
export interface AppDeps {
  db: Db;
  dbKind: DatabaseKind;
  key: DataKey;
  clock: Clock;
  /** Appends audit entries, keyed with `key` and stamped by `clock`: `createAuditWriter(key, clock)`. */
  audit: AuditWriter;
  version: string;
  /** Fastify logger options, or false for none (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app; defaults to packages/web/dist when it exists. */
  webRoot?: string | null;
  /** Extra plugins registered after the app's own (tests add fixture routes here). */
  extraPlugins?: ((app: FastifyInstance, deps: AppDeps) => Promise<void>)[];
  /**
   * Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (ZHENGMING_TRUST_PROXY); none by
   * default, so a client cannot claim another address.
   */
  trustProxy?: readonly string[];
  /**
   * `on`: the app is reached over HTTPS (TLS ends at a proxy), so the session cookie is always Secure and HSTS
   * is sent; `auto` (default): so only for requests that arrive over HTTPS, directly or by a trusted proxy.
   */
  https?: 'auto' | 'on';
}
