import type { OfficeId } from '@zhengming/contracts';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOffice, buildUser } from '../../test-support/builders.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { USERNAME_FREE_FAILURES } from './sign-in-throttle.js';
import { THROTTLE_AUDIT_WINDOW_MS } from './throttled-attempts.js';

/** Counts the statements the app sends, to compare the work of two requests. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/*
 * Issue 10, finding 4: every throttled sign-in attempt wrote an audit entry (one per office chain for a known
 * username), so 1,100 anonymous requests wrote 1,180 entries; and the throttled path did more work for a known
 * username than for an unknown one. Now throttled attempts are tallied per address × username × window.
 */
describe('throttled sign-in attempts', () => {
  let t: TestApp;
  let counter: QueryCounter;
  let officeIds: OfficeId[];
  let isClosed = false;

  beforeAll(async () => {
    counter = new QueryCounter();
    t = await buildTestApp({ dbPlugin: counter });
    const parent = await buildOffice(t, { parentId: null, name: '区纪委监委', level: 'county' });
    const child = await buildOffice(t, { parentId: parent.id, name: '镇纪委', level: 'township' });
    officeIds = [parent.id, child.id];
    await buildUser(t, {
      username: 'flood.target',
      roles: [
        { officeId: parent.id, role: 'leader' },
        { officeId: child.id, role: 'leader' },
      ],
    });
  });
  afterAll(async () => {
    if (!isClosed) {
      await t.close();
    }
  });

  const signIn = (username: string, remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress,
      payload: { username, password: 'a-wrong-password-123' },
    });
  const entries = (action: string) =>
    t.database.db.selectFrom('audit_entries').selectAll().where('action', '=', action).orderBy('at').execute();

  it('writes no audit entry per throttled attempt, the same work for known and unknown usernames', async () => {
    for (const username of ['flood.target', 'no.such.person']) {
      for (let i = 0; i < USERNAME_FREE_FAILURES; i += 1) {
        expect((await signIn(username, '198.51.100.7')).statusCode).toBe(401);
      }
    }
    const failedBefore = (await entries('auth.sign_in_failed')).length;
    // Known user: one entry per office chain for each of its 3 wrong passwords; unknown: one each.
    expect(failedBefore).toBe(USERNAME_FREE_FAILURES * officeIds.length + USERNAME_FREE_FAILURES);

    const work: Record<string, number[]> = { 'flood.target': [], 'no.such.person': [] };
    for (let i = 0; i < 500; i += 1) {
      for (const username of ['flood.target', 'no.such.person']) {
        const before = counter.count;
        const response = await signIn(username, '198.51.100.7');
        expect(response.statusCode).toBe(429);
        work[username]?.push(counter.count - before);
      }
    }
    expect((await entries('auth.sign_in_failed')).length).toBe(failedBefore);
    expect(await entries('auth.sign_in_throttled')).toEqual([]);
    expect(new Set(work['flood.target'])).toEqual(new Set(work['no.such.person']));
  });

  it('writes one entry per address and username when the window has ended, with the count', async () => {
    t.clock.set(new Date(t.clock.now().getTime() + THROTTLE_AUDIT_WINDOW_MS + 60_000));
    // A throttled attempt in the next window writes the tallies of the ended one.
    for (let i = 0; i < USERNAME_FREE_FAILURES; i += 1) {
      await signIn('next.window', '203.0.113.9');
    }
    expect((await signIn('next.window', '203.0.113.9')).statusCode).toBe(429);
    const tallies = await entries('auth.sign_in_throttled');
    const known = tallies.filter((e) => e.target_ids.length > 0);
    // The known user's tally goes into each of its office chains, like its other sign-in events.
    expect(known.map((e) => e.chain_id).sort()).toEqual([...officeIds].sort());
    expect(known.every((e) => e.details.count === 500 && e.details.address === '198.51.100.7')).toBe(true);
    const unknown = tallies.filter((e) => e.target_ids.length === 0);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ chain_id: 'system', details: { count: 500, stages: ['password'] } });
    expect(unknown[0]?.details.usernameKey).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(tallies)).not.toContain('no.such.person');
  });

  it('writes the open tallies when the app closes', async () => {
    await t.app.close();
    isClosed = true;
    const tallies = await entries('auth.sign_in_throttled');
    expect(tallies.filter((e) => e.details.count === 1 && e.chain_id === 'system')).toHaveLength(1);
    await t.database.destroy();
  });
});
