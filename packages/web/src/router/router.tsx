import { useSyncExternalStore, type MouseEvent, type ReactNode } from 'react';
import { matchPath, type PathParams } from './match-path';

const NAVIGATE_EVENT = 'zhengming:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const readPath = (): string => window.location.pathname;

/** The current path; re-renders on navigation (a tiny history router, no dependency). */
export function usePath(): string {
  return useSyncExternalStore(subscribe, readPath);
}

/**
 * The parameters of the current path, typed by the pattern the calling page is registered under:
 * `const { id } = useParams('/complaints/:id')`. The page names its pattern instead of trusting a context, so a
 * page shown under a path its pattern does not match fails loudly rather than reading parameters that are not
 * there.
 */
export function useParams<Pattern extends string>(pattern: Pattern): PathParams<Pattern> {
  const path = usePath();
  const params = matchPath(pattern, path);
  if (params === null) {
    throw new Error(`useParams: ${path} does not match ${pattern}`);
  }
  return params;
}

/** Goes to a path of the app without reloading the page. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) {
    return;
  }
  if (options.replace === true) {
    window.history.replaceState(null, '', path);
  } else {
    window.history.pushState(null, '', path);
  }
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** An anchor that navigates inside the app; modified clicks open a new tab as usual. */
export function Link({ to, children }: { to: string; children: ReactNode }) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handleClick}>
      {children}
    </a>
  );
}
