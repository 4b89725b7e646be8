/**
 * Path patterns of the app's pages: static segments and named parameters (`/complaints/:id`). Pure functions,
 * no React and no `window`, so they are unit-tested on their own.
 */

/** The names of the `:name` segments of a pattern, as a union of string literals. */
type ParamNames<Pattern extends string> = Pattern extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Pattern extends `${string}:${infer Name}`
    ? Name
    : never;

/** Parameters of any pattern, by name. */
export type RouteParams = Readonly<Record<string, string>>;

/**
 * The parameters a pattern captures, typed from the pattern: `PathParams<'/complaints/:id'>` is
 * `{ id: string }`. A pattern only known as `string` gives `RouteParams`.
 */
export type PathParams<Pattern extends string> = string extends Pattern
  ? RouteParams
  : { readonly [Name in ParamNames<Pattern>]: string };

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A pattern's segments, checked once: a malformed pattern is a programming error, not a missing page. */
function patternSegments(pattern: string): string[] {
  if (!pattern.startsWith('/')) {
    throw new Error(`route pattern ${pattern} must start with /`);
  }
  // Past the check above only a pattern of slashes alone (`//`) splits to null: report it as an empty segment.
  const segments = splitPath(pattern) ?? [''];
  for (const segment of segments) {
    if (segment === '' || (segment.startsWith(':') && !PARAM_NAME.test(segment.slice(1)))) {
      throw new Error(`route pattern ${pattern} has an empty segment or a bad parameter name`);
    }
  }
  return segments;
}

/**
 * `/a/b/` → `['a', 'b']`, `/` → `[]`, and null for a path that is not absolute or is only slashes (`//`). Trailing
 * slashes are tolerated, as the exact matcher before this one did, and `//` stays a missing page as it was.
 */
function splitPath(path: string): string[] | null {
  if (path === '/') {
    return [];
  }
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed.slice(1).split('/') : null;
}

/**
 * Matches a URL path (as in `location.pathname`, percent-encoded) against a pattern. Static segments must be
 * equal; a `:name` segment takes one whole, non-empty segment — never a slash — and its value is
 * percent-decoded. Returns the parameters, or null when the path does not match (including a value that is
 * not valid percent-encoding, which no link of ours produces).
 */
export function matchPath<Pattern extends string>(pattern: Pattern, path: string): PathParams<Pattern> | null {
  const expected = patternSegments(pattern);
  const actual = splitPath(path);
  if (actual === null || actual.length !== expected.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? '';
    if (segment.startsWith(':')) {
      const decoded = value === '' ? null : decodeSegment(value);
      if (decoded === null) {
        return null;
      }
      params[segment.slice(1)] = decoded;
    } else if (segment !== value) {
      return null;
    }
  }
  // The loop filled exactly the names of the pattern's `:name` segments, which is what PathParams spells out
  // at the type level; TypeScript cannot follow that correspondence through a loop.
  return params as PathParams<Pattern>;
}

function decodeSegment(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * The path of a pattern with its parameters filled in and percent-encoded, for links and `navigate`:
 * `buildPath('/complaints/:id', { id: 'a/b' })` is `/complaints/a%2Fb`, which matches back to `a/b`.
 */
export function buildPath<Pattern extends string>(pattern: Pattern, params: PathParams<Pattern>): string {
  const values: RouteParams = params;
  const segments = patternSegments(pattern).map((segment) => {
    if (!segment.startsWith(':')) {
      return segment;
    }
    const value = values[segment.slice(1)];
    if (value === undefined || value === '') {
      throw new Error(`buildPath: ${pattern} needs a non-empty ${segment.slice(1)}`);
    }
    return encodeURIComponent(value);
  });
  return `/${segments.join('/')}`;
}

/** A route: anything with a path pattern. */
export interface Route {
  path: string;
}

/** A route that matched, with the parameters its pattern captured. */
export interface RouteMatch<R extends Route> {
  route: R;
  params: RouteParams;
}

/**
 * The route a path resolves to. When several patterns match, the more specific one wins — at the first
 * segment where two differ, a static segment beats a parameter (`/complaints/new` before `/complaints/:id`),
 * so the order of the list never decides it; equally specific patterns keep list order.
 */
export function findRoute<R extends Route>(routes: readonly R[], path: string): RouteMatch<R> | undefined {
  let best: { match: RouteMatch<R>; segments: string[] } | undefined;
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params === null) {
      continue;
    }
    const segments = patternSegments(route.path);
    if (best === undefined || isMoreSpecific(segments, best.segments)) {
      best = { match: { route, params }, segments };
    }
  }
  return best?.match;
}

/** Whether pattern `a` is more specific than `b`; both matched one path, so they have as many segments. */
function isMoreSpecific(a: readonly string[], b: readonly string[]): boolean {
  for (const [index, segment] of a.entries()) {
    const isParam = segment.startsWith(':');
    const isOtherParam = (b[index] ?? '').startsWith(':');
    if (isParam !== isOtherParam) {
      return isOtherParam;
    }
  }
  return false;
}
