import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { Application } from '../../src-shared/schemas/application';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';

/** The applications an order pays for, read one by one (staff may read any application). */
export function useOrderApplications(ids: readonly string[]): {
  items: Application[] | null;
  error: AppError | null;
  reload: () => void;
} {
  const [generation, setGeneration] = useState(0);
  const key = `${generation}:${ids.join(',')}`;
  const [answer, setAnswer] = useState<{ key: string; items: Application[] | null; error: AppError | null }>({
    key: '',
    items: null,
    error: null,
  });
  useEffect(() => {
    let cancelled = false;
    const list = key.slice(key.indexOf(':') + 1);
    const wanted = list === '' ? [] : list.split(',');
    Promise.all(wanted.map((id) => ipc.invoke('applications.get', { id })))
      .then((results) => {
        if (!cancelled) setAnswer({ key, items: results.map((result) => result.application), error: null });
      })
      .catch((thrown: unknown) => {
        if (!cancelled) setAnswer({ key, items: null, error: asAppError(thrown) });
      });
    return () => {
      cancelled = true;
    };
  }, [key]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const current = answer.key === key ? answer : { items: null, error: null };
  return { items: current.items, error: current.error, reload };
}
