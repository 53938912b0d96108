import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import { fresh, type ApplicationResult } from '../../src-shared/ipc/contract';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';

export interface ApplicationDetailState {
  result: ApplicationResult | null;
  error: AppError | null;
  reload: () => void;
  /** The server just answered with this (after a move or an edit). */
  replace: (application: ApplicationDetail) => void;
}

/** One application with its timeline, for the drawer; null id: nothing to load. */
export function useApplicationDetail(id: string | null): ApplicationDetailState {
  const [answer, setAnswer] = useState<{
    id: string;
    result: ApplicationResult | null;
    error: AppError | null;
  } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (id === null) return;
    let cancelled = false;
    ipc
      .invoke('applications.get', { id })
      .then((result) => {
        if (!cancelled) setAnswer({ id, result, error: null });
      })
      .catch((thrown: unknown) => {
        if (!cancelled) setAnswer({ id, result: null, error: asAppError(thrown) });
      });
    return () => {
      cancelled = true;
    };
  }, [id, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback((application: ApplicationDetail) => {
    setAnswer({ id: application.id, result: fresh({ application }), error: null });
  }, []);
  const current = answer !== null && answer.id === id ? answer : null;
  return { result: current?.result ?? null, error: current?.error ?? null, reload, replace };
}
