import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from './client';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  isLoading: boolean;
  reload: () => void;
}

/**
 * Loads data when mounted and whenever `key` changes (e.g. the active office), dropping answers that arrive
 * after a newer request so that views of two offices never mix. The client has already shown any error.
 */
export function useQuery<T>(load: () => Promise<T>, key: string): QueryState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | undefined; isLoading: boolean }>({
    data: undefined,
    error: undefined,
    isLoading: true,
  });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    generation.current += 1;
    const mine = generation.current;
    setState((previous) => ({ ...previous, isLoading: true }));
    loadRef.current().then(
      (data) => {
        if (mine === generation.current) {
          setState({ data, error: undefined, isLoading: false });
        }
      },
      (error: ApiError) => {
        if (mine === generation.current) {
          setState({ data: undefined, error, isLoading: false });
        }
      },
    );
  }, []);

  useEffect(() => {
    // A new key means another office or filter: never show the previous one's data meanwhile.
    setState({ data: undefined, error: undefined, isLoading: true });
    run();
  }, [key, run]);

  return { ...state, reload: run };
}
