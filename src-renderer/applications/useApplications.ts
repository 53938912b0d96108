import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { ApplicationsResult } from '../../src-shared/ipc/contract';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';

export interface ApplicationsState {
  result: ApplicationsResult | null;
  loading: boolean;
  error: AppError | null;
  reload: () => void;
}

/** My applications from `applications.list`: from the API, or the copy kept on this computer offline. */
export function useApplications(): ApplicationsState {
  const [result, setResult] = useState<ApplicationsResult | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let cancelled = false;
    ipc
      .invoke('applications.list')
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

  return { result, loading, error, reload };
}
