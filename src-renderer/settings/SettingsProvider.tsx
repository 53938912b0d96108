import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { Settings } from '../../src-shared/schemas/settings';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';

type SettingsLoad =
  { state: 'loading' } | { state: 'failed'; error: AppError } | { state: 'ready'; settings: Settings };

export interface SettingsContextValue {
  load: SettingsLoad;
  /** The settings main answered with after a save or a picked driver file. */
  saved: (settings: Settings) => void;
  reload: () => void;
}

const SettingsContext = createContext<SettingsContextValue | null>(null);

/** 设置 as main holds them, read once at start: whether a 服务地址 is set decides the first page. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const [load, setLoad] = useState<SettingsLoad>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    ipc
      .invoke('settings.get')
      .then((settings) => {
        if (!cancelled) setLoad({ state: 'ready', settings });
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoad({ state: 'failed', error: asAppError(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const saved = useCallback((settings: Settings) => setLoad({ state: 'ready', settings }), []);
  const reload = useCallback(() => {
    setLoad({ state: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ load, saved, reload }), [load, saved, reload]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings must be used inside <SettingsProvider>');
  return value;
}

/** The settings, once loaded (the routes render nothing else before). */
export function useLoadedSettings(): Settings {
  const { load } = useSettings();
  if (load.state !== 'ready') throw new Error('settings are not loaded yet');
  return load.settings;
}
