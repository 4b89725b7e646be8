import type { FastifyInstance } from 'fastify';
import { ROLES, type DataClass, type OfficeRelation, type Role } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureItemRoutes } from '../test-support/fixture-items.js';
import { buildTestApp, type TestApp } from '../test-support/test-app.js';
import type { RegisteredRoute } from './policy.js';

/** Roles that open each matrix data class in some cell of docs/ACCESS.md (identity: intake, or a reveal). */
const ROLES_OPENING: Record<DataClass, readonly Role[]> = {
  metadata: ['intake', 'supervisor', 'investigator', 'reviewer', 'leader', 'monitor'],
  content: ['intake', 'supervisor', 'investigator', 'reviewer', 'leader'],
  identity: ['intake', 'supervisor', 'investigator', 'reviewer', 'leader', 'monitor'],
};
/** Parent, sibling and unrelated offices see no item (docs/ACCESS.md). */
const OFFICES_BELOW: readonly OfficeRelation[] = ['own', 'child', 'deeper'];

/** Every problem with the declared policies of the routes, one line each. */
function findPolicyProblems(routes: readonly RegisteredRoute[]): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    const name = `${route.method} ${route.url}`;
    const policy = route.policy;
    if (policy === undefined) {
      problems.push(`${name}: no policy`);
      continue;
    }
    switch (policy.access) {
      case 'public':
        if (policy.why.trim().length < 10) {
          problems.push(`${name}: a public route must say why it is public`);
        }
        break;
      case 'sign-in-step':
        if (policy.steps.length === 0) {
          problems.push(`${name}: a sign-in-step route lists no step`);
        }
        break;
      case 'self':
        break;
      case 'roles': {
        if (policy.roles.length === 0) {
          problems.push(`${name}: a roles route lists no role`);
        }
        if (policy.roles.some((role) => !ROLES.includes(role)) || new Set(policy.roles).size !== policy.roles.length) {
          problems.push(`${name}: unknown or repeated roles ${policy.roles.join(',')}`);
        }
        if (policy.offices.length === 0) {
          problems.push(`${name}: a roles route lists no office relation`);
        }
        const dataClass = policy.dataClass;
        if (dataClass === 'metadata' || dataClass === 'content' || dataClass === 'identity') {
          const strangers = policy.roles.filter((role) => !ROLES_OPENING[dataClass].includes(role));
          if (strangers.length > 0) {
            problems.push(`${name}: ${dataClass} given to ${strangers.join(',')}, which no cell of the matrix allows`);
          }
          const far = policy.offices.filter((relation) => !OFFICES_BELOW.includes(relation));
          if (far.length > 0) {
            problems.push(`${name}: ${dataClass} opened to ${far.join(',')} offices`);
          }
        } else if (policy.assigned === true) {
          problems.push(`${name}: 'assigned' only qualifies a matrix data class, not ${dataClass}`);
        }
        if (policy.roles.includes('admin') && dataClass !== 'users-and-offices' && dataClass !== 'office-settings') {
          problems.push(`${name}: admin sees users and offices only (and their settings), not ${dataClass}`);
        }
        if (dataClass === 'office-settings' && policy.roles.some((role) => role !== 'admin')) {
          problems.push(`${name}: office settings are for admin only, not ${policy.roles.join(',')}`);
        }
        if (policy.roles.includes('auditor') && dataClass !== 'audit-log') {
          problems.push(`${name}: auditor sees the audit log only, not ${dataClass}`);
        }
        break;
      }
    }
  }
  return problems;
}

describe('route policies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('declares a well-formed policy on every route of the app', () => {
    expect(t.routes.length).toBeGreaterThan(0);
    expect(findPolicyProblems(t.routes)).toEqual([]);
  });

  it('registers the office, office settings, user and grant routes with their policies', () => {
    const byName = new Map(t.routes.map((r) => [`${r.method} ${r.url}`, r.policy]));
    for (const name of [
      'GET /api/offices',
      'POST /api/offices',
      'GET /api/users',
      'POST /api/users',
      'POST /api/users/:id/disable',
      'POST /api/users/:id/enable',
      'POST /api/users/:id/reset',
      'POST /api/users/:id/grants',
      'POST /api/grants/:id/revoke',
    ]) {
      expect(byName.get(name), name).toMatchObject({
        access: 'roles',
        roles: ['admin'],
        dataClass: 'users-and-offices',
      });
    }
    for (const name of ['GET /api/offices/:id/settings', 'PUT /api/offices/:id/settings']) {
      expect(byName.get(name), name).toEqual({
        access: 'roles',
        roles: ['admin'],
        dataClass: 'office-settings',
        offices: ['own', 'child', 'deeper'],
      });
    }
    for (const name of ['GET /api/grants/pending', 'POST /api/grants/:id/approve', 'POST /api/grants/:id/reject']) {
      expect(byName.get(name), name).toMatchObject({ access: 'roles', roles: ['leader'], dataClass: 'approvals' });
    }
  });

  it('finds the problems it is there to find', () => {
    const roles = (over: Partial<Extract<RegisteredRoute['policy'], { access: 'roles' }>>): RegisteredRoute => ({
      method: 'GET',
      url: '/x',
      policy: { access: 'roles', roles: ['leader'], dataClass: 'content', offices: ['own'], ...over },
    });
    const cases: [RegisteredRoute, RegExp][] = [
      [{ method: 'GET', url: '/x', policy: undefined }, /no policy/],
      [{ method: 'GET', url: '/x', policy: { access: 'public', why: '' } }, /say why/],
      [{ method: 'GET', url: '/x', policy: { access: 'sign-in-step', steps: [] } }, /no step/],
      [roles({ roles: [] }), /no role/],
      [roles({ offices: [] }), /no office relation/],
      [roles({ roles: ['admin'] }), /admin sees users and offices only/],
      [roles({ roles: ['auditor'], dataClass: 'identity' }), /auditor sees the audit log only/],
      [roles({ roles: ['monitor'] }), /content given to monitor/],
      [roles({ offices: ['own', 'parent'] }), /opened to parent/],
      [roles({ offices: ['sibling'], dataClass: 'metadata' }), /opened to sibling/],
      [roles({ roles: ['admin'], dataClass: 'approvals' }), /admin sees users and offices only/],
      [roles({ dataClass: 'office-settings' }), /office settings are for admin only/],
      [roles({ roles: ['auditor'], dataClass: 'users-and-offices' }), /auditor sees the audit log only/],
      [roles({ dataClass: 'approvals', assigned: true }), /'assigned' only qualifies/],
    ];
    for (const [route, problem] of cases) {
      expect(findPolicyProblems([route]).join('\n')).toMatch(problem);
    }
    expect(findPolicyProblems([roles({})])).toEqual([]);
  });
});

describe('route policies with extra plugins', () => {
  let t: TestApp;
  beforeAll(async () => {
    const noPolicy = async (app: FastifyInstance): Promise<void> => {
      app.get('/api/test-no-policy', async () => ({ secret: 'x' }));
    };
    t = await buildTestApp({ extraPlugins: [fixtureItemRoutes, noPolicy] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts the fixture item routes and flags a route without a policy', () => {
    expect(findPolicyProblems(t.routes)).toEqual([
      'GET /api/test-no-policy: no policy',
      'HEAD /api/test-no-policy: no policy',
    ]);
  });

  it('answers a route without a policy "not found" (fail closed)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/test-no-policy' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'NOT_FOUND', message: '未找到该内容。' });
  });
});
