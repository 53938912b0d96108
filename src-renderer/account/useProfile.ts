import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import { fresh, type ProfileResult } from '../../src-shared/ipc/contract';
import type { Profile } from '../../src-shared/schemas/account';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';

export interface ProfileState {
  result: ProfileResult | null;
  loading: boolean;
  error: AppError | null;
  reload: () => void;
  /** A fresh profile the server just returned (after a save). */
  replace: (profile: Profile) => void;
}

/** The profile from `profile.get`: from the API, or the copy kept on this computer when offline. */
export function useProfile(): ProfileState {
  const [result, setResult] = useState<ProfileResult | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let cancelled = false;
    ipc
      .invoke('profile.get')
      .then((next) => {
        if (cancelled) return;
        setResult(next);
        setError(null);
      })
      .catch((thrown: unknown) => {
        if (!cancelled) setError(asAppError(thrown));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [generation]);

  const reload = useCallback(() => {
    setLoading(true);
    setGeneration((n) => n + 1);
  }, []);

  const replace = useCallback((profile: Profile) => {
    setResult(fresh({ profile }));
  }, []);

  return { result, loading, error, reload, replace };
}
