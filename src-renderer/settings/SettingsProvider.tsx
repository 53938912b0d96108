import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { Settings } from '../../src-shared/schemas/settings';
import { useChannel } from '../bridge/useChannel';

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
  const { data, loading, error, reload, replace } = useChannel('settings.get');
  const value = useMemo((): SettingsContextValue => {
    const load: SettingsLoad = data
      ? { state: 'ready', settings: data }
      : !loading && error
        ? { state: 'failed', error }
        : { state: 'loading' };
    return { load, saved: replace, reload };
  }, [data, loading, error, reload, replace]);
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
