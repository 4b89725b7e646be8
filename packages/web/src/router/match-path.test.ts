import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildPath, findRoute, matchPath, type PathParams, type RouteParams } from './match-path';

describe('matchPath', () => {
  it('matches a static path exactly and captures nothing', () => {
    expect(matchPath('/admin/users', '/admin/users')).toEqual({});
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/admin/users', '/admin/offices')).toBeNull();
    expect(matchPath('/admin/users', '/admin')).toBeNull();
    expect(matchPath('/admin', '/admin/users')).toBeNull();
    expect(matchPath('/', '/audit')).toBeNull();
  });

  it('captures a named parameter', () => {
    expect(matchPath('/complaints/:id', '/complaints/123')).toEqual({ id: '123' });
  });

  it('captures several parameters across several segments', () => {
    expect(matchPath('/offices/:officeId/leads/:leadId', '/offices/o-1/leads/l-9')).toEqual({
      officeId: 'o-1',
      leadId: 'l-9',
    });
    expect(matchPath('/offices/:officeId/leads/:leadId', '/offices/o-1/complaints/l-9')).toBeNull();
  });

  it('tolerates trailing slashes', () => {
    expect(matchPath('/complaints/:id', '/complaints/123/')).toEqual({ id: '123' });
    expect(matchPath('/complaints/:id', '/complaints/123//')).toEqual({ id: '123' });
    expect(matchPath('/admin/users', '/admin/users/')).toEqual({});
  });

  it('keeps a path made only of slashes a missing page, as the exact matcher did', () => {
    expect(matchPath('/', '//')).toBeNull();
  });

  it('percent-decodes parameter values', () => {
    expect(matchPath('/complaints/:id', '/complaints/%E4%B8%BE%E6%8A%A5%201')).toEqual({ id: '举报 1' });
    // An encoded slash is part of the value, not a segment boundary.
    expect(matchPath('/complaints/:id', '/complaints/a%2Fb')).toEqual({ id: 'a/b' });
  });

  it('does not match a value that is not valid percent-encoding', () => {
    expect(matchPath('/complaints/:id', '/complaints/%E4%B8')).toBeNull();
    expect(matchPath('/complaints/:id', '/complaints/%zz')).toBeNull();
  });

  it('never lets a parameter span segments or be empty', () => {
    expect(matchPath('/complaints/:id', '/complaints/123/456')).toBeNull();
    expect(matchPath('/complaints/:id', '/complaints/')).toBeNull();
    expect(matchPath('/complaints/:id', '/complaints')).toBeNull();
    expect(matchPath('/complaints/:id/notes', '/complaints//notes')).toBeNull();
  });

  it('compares static segments as written, case included', () => {
    expect(matchPath('/audit', '/Audit')).toBeNull();
    expect(matchPath('/audit', 'audit')).toBeNull();
  });

  it('types the parameters from the pattern', () => {
    expectTypeOf(matchPath('/complaints/:id', '/complaints/1')).toEqualTypeOf<{ readonly id: string } | null>();
    expectTypeOf<PathParams<'/offices/:officeId/leads/:leadId/'>>().toEqualTypeOf<{
      readonly officeId: string;
      readonly leadId: string;
    }>();
    expectTypeOf<PathParams<'/admin/users'>>().toEqualTypeOf<Record<never, string>>();
    expectTypeOf<PathParams<string>>().toEqualTypeOf<RouteParams>();
  });

  it('refuses a malformed pattern', () => {
    expect(() => matchPath('complaints', '/complaints')).toThrow(/must start with \//);
    expect(() => matchPath('/complaints/:', '/complaints/1')).toThrow(/bad parameter name/);
    expect(() => matchPath('/complaints//x', '/complaints/1/x')).toThrow(/empty segment/);
  });
});

describe('buildPath', () => {
  it('fills in and percent-encodes parameters', () => {
    expect(buildPath('/complaints/:id', { id: '123' })).toBe('/complaints/123');
    expect(buildPath('/complaints/:id', { id: '举报 a/b' })).toBe('/complaints/%E4%B8%BE%E6%8A%A5%20a%2Fb');
    expect(buildPath('/admin/users', {})).toBe('/admin/users');
  });

  it('builds paths that match back to the same parameters', () => {
    for (const id of ['123', 'a/b', '举报?#%', ' x ']) {
      expect(matchPath('/complaints/:id/notes', buildPath('/complaints/:id/notes', { id }))).toEqual({ id });
    }
  });

  it('refuses an empty parameter', () => {
    expect(() => buildPath('/complaints/:id', { id: '' })).toThrow(/non-empty id/);
  });
});

describe('findRoute', () => {
  const routes = [
    { path: '/', name: 'home' },
    { path: '/complaints', name: 'list' },
    { path: '/complaints/:id', name: 'detail' },
    { path: '/complaints/new', name: 'new' },
    { path: '/complaints/:id/notes', name: 'notes' },
  ];

  it('finds the route of a path with the parameters it captured', () => {
    expect(findRoute(routes, '/complaints/42')).toEqual({ route: routes[2], params: { id: '42' } });
    expect(findRoute(routes, '/complaints/42/notes/')).toEqual({ route: routes[4], params: { id: '42' } });
    expect(findRoute(routes, '/complaints')).toEqual({ route: routes[1], params: {} });
    expect(findRoute(routes, '/')).toEqual({ route: routes[0], params: {} });
  });

  it('prefers a static segment to a parameter, whatever the order of the list', () => {
    expect(findRoute(routes, '/complaints/new')?.route.name).toBe('new');
    expect(findRoute([...routes].reverse(), '/complaints/new')?.route.name).toBe('new');
    expect(findRoute([...routes].reverse(), '/complaints/7')?.route.name).toBe('detail');
  });

  it('keeps list order between equally specific patterns', () => {
    const twins = [
      { path: '/a/:x', name: 'first' },
      { path: '/a/:y', name: 'second' },
    ];
    expect(findRoute(twins, '/a/1')).toEqual({ route: twins[0], params: { x: '1' } });
  });

  it('finds nothing for an unknown path', () => {
    expect(findRoute(routes, '/no/such/page')).toBeUndefined();
    expect(findRoute(routes, '/complaints/1/2')).toBeUndefined();
  });
});
