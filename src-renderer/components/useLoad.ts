import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import { asAppError } from '../forms/appError';

export interface Loaded<T> {
  result: T | null;
  loading: boolean;
  error: AppError | null;
  reload: () => void;
  /** The desktop services just answered with a fresher copy (after a change). */
  replace: (next: T) => void;
}

/**
 * Loads something through the desktop services once per `key` (null: nothing to load) and again on
 * reload; an answer for an older key is dropped.
 */
export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [answer, setAnswer] = useState<{ key: string; result: T | null; error: AppError | null } | null>(
    null,
  );
  const [loading, setLoading] = useState(key !== null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    load()
      .then((result) => {
        if (!cancelled) setAnswer({ key, result, error: null });
      })
      .catch((thrown: unknown) => {
        if (!cancelled)
          setAnswer((last) => ({
            key,
            result: last?.key === key ? last.result : null,
            error: asAppError(thrown),
          }));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
    // `load` is a fresh closure each render; the key says what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);

  const reload = useCallback(() => {
    setLoading(true);
    setAttempt((n) => n + 1);
  }, []);
  const replace = useCallback(
    (next: T) => {
      if (key !== null) setAnswer({ key, result: next, error: null });
    },
    [key],
  );
  const current = answer !== null && answer.key === key ? answer : null;
  return { result: current?.result ?? null, loading, error: current?.error ?? null, reload, replace };
}
