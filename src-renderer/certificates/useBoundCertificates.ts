import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { BoundCertificatesResult } from '../../src-shared/ipc/contract';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';

export interface BoundCertificatesState {
  result: BoundCertificatesResult | null;
  loading: boolean;
  error: AppError | null;
  reload: () => void;
}

/** `certificates.bound`: from the API, or the list kept on this computer when offline. */
export function useBoundCertificates(): BoundCertificatesState {
  const [result, setResult] = useState<BoundCertificatesResult | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let cancelled = false;
    ipc
      .invoke('certificates.bound')
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
