import { App } from 'antd';
import { createContext, useContext, useMemo, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { ApiClient, type ApiError } from './client';
import { createEndpoints, type Endpoints } from './endpoints';

export interface Api {
  client: ApiClient;
  endpoints: Endpoints;
}

const ApiContext = createContext<Api | null>(null);

/**
 * Creates the API client once. Failures are shown with antd `message`; a session that ended calls
 * `onSessionExpired` (the session provider returns to sign-in with a message).
 */
export function ApiProvider({
  children,
  onSessionExpired,
}: {
  children: ReactNode;
  onSessionExpired: (error: ApiError) => void;
}) {
  const { message } = App.useApp();
  const i18n = useI18n();
  // The client lives for the whole page; these refs let it read the latest language and callbacks.
  const latest = useRef({ i18n, message, onSessionExpired });
  latest.current = { i18n, message, onSessionExpired };
  const api = useMemo<Api>(() => {
    const client = new ApiClient({
      getLocale: () => latest.current.i18n.locale,
      clientMessage: (code) => latest.current.i18n.t(code === 'NETWORK' ? 'error.network' : 'error.badResponse'),
      onError: (error) => {
        void latest.current.message.error({ content: error.message, key: `${error.code}:${error.message}` });
      },
      onSessionExpired: (error) => latest.current.onSessionExpired(error),
    });
    return { client, endpoints: createEndpoints(client) };
  }, []);
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** The API client and its typed endpoints. */
export function useApi(): Api {
  const value = useContext(ApiContext);
  if (value === null) {
    throw new Error('useApi outside ApiProvider');
  }
  return value;
}
