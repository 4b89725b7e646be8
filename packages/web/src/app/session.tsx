import type { SessionResponse } from '@zhengming/contracts';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react';
import { ApiProvider, useApi } from '../api/api-context';

/** Why the sign-in page is shown, when it is not the first visit. */
export type SignedOutReason = 'expired' | 'signed-out';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason: SignedOutReason | null }
  | { status: 'signed-in'; session: SessionResponse };

export interface SessionActions {
  state: SessionState;
  /** Takes the session answer of a sign-in step or office switch. */
  applySession: (session: SessionResponse) => void;
  /** Ends the session on the server and returns to the sign-in page. */
  signOut: () => Promise<void>;
  /**
   * The password typed at sign-in, kept in memory only until the forced password change uses it as the
   * current password (so the user need not type the one-time password twice).
   */
  signInPassword: RefObject<string | null>;
}

const SessionContext = createContext<SessionActions | null>(null);

/** Holds who is signed in and at which sign-in step; an expired session returns to sign-in with a notice. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const handleSessionExpired = useCallback(() => {
    setState((previous) => (previous.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : previous));
  }, []);
  return (
    <ApiProvider onSessionExpired={handleSessionExpired}>
      <SessionStore state={state} setState={setState}>
        {children}
      </SessionStore>
    </ApiProvider>
  );
}

function SessionStore({
  state,
  setState,
  children,
}: {
  state: SessionState;
  setState: (state: SessionState) => void;
  children: ReactNode;
}) {
  const { client, endpoints } = useApi();
  const signInPassword = useRef<string | null>(null);

  useEffect(() => {
    endpoints.getSession().then(
      (session) => {
        client.setCsrfToken(session.csrfToken);
        setState({ status: 'signed-in', session });
      },
      () => setState({ status: 'signed-out', reason: null }),
    );
  }, [client, endpoints, setState]);

  const applySession = useCallback(
    (session: SessionResponse) => {
      client.setCsrfToken(session.csrfToken);
      if (session.step !== 'password_change') {
        signInPassword.current = null;
      }
      setState({ status: 'signed-in', session });
    },
    [client, setState],
  );

  const signOut = useCallback(async () => {
    try {
      await endpoints.signOut();
    } catch {
      // Signed out either way: the session is gone or unusable.
    }
    client.setCsrfToken(null);
    signInPassword.current = null;
    setState({ status: 'signed-out', reason: 'signed-out' });
  }, [client, endpoints, setState]);

  const value = useMemo<SessionActions>(
    () => ({ state, applySession, signOut, signInPassword }),
    [state, applySession, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session state and its actions. */
export function useSession(): SessionActions {
  const value = useContext(SessionContext);
  if (value === null) {
    throw new Error('useSession outside SessionProvider');
  }
  return value;
}

/** The fully signed-in session; only for components under the main layout. */
export function useSignedInSession(): SessionResponse {
  const { state } = useSession();
  if (state.status !== 'signed-in') {
    throw new Error('useSignedInSession without a session');
  }
  return state.session;
}
