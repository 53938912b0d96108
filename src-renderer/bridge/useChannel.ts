import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../src-shared/ipc/contract';
import { asAppError } from '../forms/appError';
import { ipc } from './index';

export interface ChannelState<C extends ChannelName> {
  /** The last answer for this input; kept while a reload runs or after it failed, so tables do not blink empty. */
  data: ChannelOutput<C> | null;
  loading: boolean;
  error: AppError | null;
  reload: () => void;
  /** The desktop services just answered with a fresher copy (after a change): shown without reading again. */
  replace: (next: ChannelOutput<C>) => void;
}

export interface ChannelOptions {
  /**
   * While a new input loads, show the previous input's answer (a queue whose filters change) instead
   * of nothing (one record by id, which must never show another's).
   */
  keepPrevious?: boolean;
}

interface Answer<T> {
  /** The read this answers (reload generation and input). */
  request: string;
  inputKey: string;
  data: T | null;
  /** The input `data` belongs to: a failed read keeps the data it had. */
  dataInputKey: string;
  error: AppError | null;
}

/**
 * Reads a channel for a screen: again whenever the input changes (compared by value) or `reload` is
 * called; a `null` input means there is nothing to load. An answer that arrives after the screen moved
 * on is dropped.
 */
export function useChannel<C extends ChannelName>(
  channel: C,
  input?: ChannelInput<C> | null,
  options: ChannelOptions = {},
): ChannelState<C> {
  const inputKey = input === null ? null : JSON.stringify(input ?? null);
  const [generation, setGeneration] = useState(0);
  const request = `${generation}:${inputKey}`;
  const [answer, setAnswer] = useState<Answer<ChannelOutput<C>> | null>(null);

  useEffect(() => {
    if (inputKey === null) return;
    let cancelled = false;
    const parsed = JSON.parse(inputKey) as ChannelInput<C> | null;
    ipc
      .invoke(channel, parsed ?? undefined)
      .then((data) => {
        if (!cancelled) setAnswer({ request, inputKey, data, dataInputKey: inputKey, error: null });
      })
      .catch((thrown: unknown) => {
        if (!cancelled)
          setAnswer((previous) => ({
            request,
            inputKey,
            data: previous?.data ?? null,
            dataInputKey: previous?.dataInputKey ?? inputKey,
            error: asAppError(thrown),
          }));
      });
    return () => {
      cancelled = true;
    };
  }, [channel, inputKey, request]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const replace = useCallback(
    (next: ChannelOutput<C>) => {
      if (inputKey !== null)
        setAnswer({ request, inputKey, data: next, dataInputKey: inputKey, error: null });
    },
    [request, inputKey],
  );
  const shows = (key: string | undefined) =>
    inputKey !== null && key !== undefined && (key === inputKey || options.keepPrevious === true);
  return {
    data: shows(answer?.dataInputKey) ? (answer?.data ?? null) : null,
    loading: inputKey !== null && answer?.request !== request,
    error: shows(answer?.inputKey) ? (answer?.error ?? null) : null,
    reload,
    replace,
  };
}
