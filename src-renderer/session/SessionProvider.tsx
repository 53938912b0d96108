import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionUser } from '../../src-shared/schemas/account';
import type { AppError } from '../../src-shared/errors';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';

type SessionLoad = { state: 'loading' } | { state: 'failed'; error: AppError } | { state: 'ready' };

export interface SessionContextValue {
  user: SessionUser | null;
  load: SessionLoad;
  /** Why the person is on the login page without having asked for it (session ended, registered…). */
  notice: string | null;
  signedIn: (user: SessionUser) => void;
  /** Updates what the header shows after the profile changed. */
  updateUser: (patch: Partial<SessionUser>) => void;
  signOut: () => Promise<void>;
  /** Main already ended the session (settings pointed the app at another server): forget it here too. */
  ended: (notice: string) => void;
  reload: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [load, setLoad] = useState<SessionLoad>({ state: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    ipc
      .invoke('auth.current')
      .then((current) => {
        if (cancelled) return;
        setUser(current);
        setLoad({ state: 'ready' });
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoad({ state: 'failed', error: asAppError(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(
    () =>
      ipc.on('session.ended', ({ message }) => {
        setUser(null);
        setNotice(message);
      }),
    [],
  );

  const signedIn = useCallback((next: SessionUser) => {
    setNotice(null);
    setUser(next);
  }, []);

  const updateUser = useCallback((patch: Partial<SessionUser>) => {
    setUser((current) => (current ? { ...current, ...patch } : current));
  }, []);

  const signOut = useCallback(async () => {
    await ipc.invoke('auth.logout');
    setNotice(null);
    setUser(null);
  }, []);

  const ended = useCallback((message: string) => {
    setNotice(message);
    setUser(null);
  }, []);

  const reload = useCallback(() => {
    setLoad({ state: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(
    () => ({ user, load, notice, signedIn, updateUser, signOut, ended, reload }),
    [user, load, notice, signedIn, updateUser, signOut, ended, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
